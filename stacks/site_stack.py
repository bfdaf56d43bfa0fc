"""Demo: the todo API's browser front end on StaticSite (private bucket + CloudFront)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
from constructs import Construct

from constructs_lib import ServerlessApi
from constructs_lib.static_site import StaticSite

SITE = Path(__file__).parent / "site"


class TodoSiteStack(cdk.Stack):
    """Serves ``stacks/site/`` and, under ``/api/*``, the todo API on the same origin.

    :param api: the todo API (``TodoApiStack.api``; its routes start with ``/api/``). The
        distribution forwards ``/api/*`` to it (one cross-stack reference, to the API's id),
        ``/config.json`` tells the page ``apiUrl: "/api"``, and the CSP allows the site's
        own origin only: no CORS, and the site works after one ``cdk deploy``.
    """

    def __init__(self, scope: Construct, id: str, *, api: ServerlessApi, **kwargs: Any) -> None:
        super().__init__(scope, id, description="constructs_lib demo: todo front end", **kwargs)
        self.site = StaticSite(
            self,
            "Site",
            source=SITE,
            spa=False,  # one page, no client-side routes: unknown paths get 404.html
            api=api,
        )
        cdk.CfnOutput(self, "SiteUrl", value=self.site.url)
        cdk.CfnOutput(self, "BucketName", value=self.site.bucket.bucket_name)
        cdk.CfnOutput(self, "DistributionId", value=self.site.distribution.distribution_id)
