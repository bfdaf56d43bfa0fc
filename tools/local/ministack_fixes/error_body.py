"""Fix 10: a raising function's error is an API's response body."""

from __future__ import annotations

from typing import Any

from ._base import _original

# --- 10. a raising function's error is an API's response body ------------------------

# API Gateway's body for a function that raised (or answered no proxy response): the
# same for every error, so an exception's text never reaches the caller.
INTERNAL_ERROR_BODY = '{"message":"Internal Server Error"}'


def _lambda_svc() -> Any:
    from ministack.services import lambda_svc

    return lambda_svc


def _generic_error_response(exec_result: dict[str, Any]) -> tuple[Any, Any]:
    original = _original(_lambda_svc(), "lambda_execute_result_to_api_proxy_response")
    response, error = original(exec_result)
    raised = exec_result.get("error") and not exec_result.get("throttle")
    if not raised or not isinstance(response, dict) or response.get("statusCode") != 502:
        return response, error  # the function's own answer, or a throttle's 429
    headers = {"Content-Type": "application/json"}
    return {"statusCode": 502, "headers": headers, "body": INTERNAL_ERROR_BODY}, error


def _apply_generic_error_body() -> None:
    module = _lambda_svc()
    _original(module, "lambda_execute_result_to_api_proxy_response")
    module.lambda_execute_result_to_api_proxy_response = _generic_error_response


def _canary_generic_error_body() -> dict[str, bool]:
    raised = {
        "error": True,
        "body": {"errorMessage": "password=hunter2", "errorType": "RuntimeError"},
    }
    answered = {"body": {"statusCode": 418, "body": "teapot"}}
    original = _original(_lambda_svc(), "lambda_execute_result_to_api_proxy_response")
    before, _ = original(raised)
    after, _ = _generic_error_response(raised)
    own, _ = _generic_error_response(answered)
    return {
        "defect": "hunter2" in str(before.get("body")),
        "fixed": after["body"] == INTERNAL_ERROR_BODY
        and after["statusCode"] == 502
        and own == {"statusCode": 418, "body": "teapot"},
    }
