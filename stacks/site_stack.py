"""Demo: the todo API's browser front end on StaticSite (private bucket + CloudFront)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
from constructs import Construct

from constructs_lib.static_site import StaticSite

SITE = Path(__file__).parent / "site"


class TodoSiteStack(cdk.Stack):
    """Serves ``stacks/site/`` and tells it, through ``/config.json``, where the API is.

    :param api_url: the todo API's URL (``TodoApiStack.api.url``, a cross-stack reference);
        the page's CSP allows ``fetch`` to its origin and nothing else but the site itself.

    The API's CORS must allow this site's origin: deploy the API with
    ``-c todos:origin=<SiteUrl output>`` (or a custom domain's URL).
    """

    def __init__(self, scope: Construct, id: str, *, api_url: str, **kwargs: Any) -> None:
        super().__init__(scope, id, description="constructs_lib demo: todo front end", **kwargs)
        self.site = StaticSite(
            self,
            "Site",
            source=SITE,
            spa=False,  # one page, no client-side routes: unknown paths get 404.html
            runtime_config={"apiUrl": api_url},
            api_origins=[api_url],
        )
        cdk.CfnOutput(self, "SiteUrl", value=self.site.url)
        cdk.CfnOutput(self, "BucketName", value=self.site.bucket.bucket_name)
        cdk.CfnOutput(self, "DistributionId", value=self.site.distribution.distribution_id)
