"""Schemathesis hooks for the ledger fuzz run (test/fuzz/run-fuzz.sh loads them with SCHEMATHESIS_HOOKS).

API.md: "Any refused command appends nothing: the ledger head is unchanged." The run is sequential
(one worker), so the head read just before and just after a request brackets that request alone;
the check fails any error response (4xx or 5xx) across which the head moved.
"""

import atexit
import json
import os
import urllib.request

import schemathesis

BASE_URL = os.environ["LEDGER_FUZZ_BASE_URL"].rstrip("/")
COUNT_FILE = os.environ.get("LEDGER_FUZZ_COUNT_FILE")

_heads = {}  # id(case) -> [head before, head after]
_counts = {"requests": 0, "head_reads": 0, "refusals_checked": 0}


def _head():
    _counts["head_reads"] += 1
    with urllib.request.urlopen(f"{BASE_URL}/health", timeout=30) as res:
        return json.load(res)["store"]["head"]


@schemathesis.hook
def before_call(context, case, **kwargs):
    _counts["requests"] += 1
    _heads[id(case)] = [_head(), None]


@schemathesis.hook
def after_call(context, case, response):
    bracket = _heads.get(id(case))
    if bracket is not None and response.status_code >= 400:
        bracket[1] = _head()


@schemathesis.check
def ledger_head_unchanged_on_refusal(ctx, response, case):
    """A refused request (4xx/5xx) must leave the ledger head where it was."""
    bracket = _heads.pop(id(case), None)
    if response.status_code < 400 or bracket is None or bracket[1] is None:
        return None
    _counts["refusals_checked"] += 1
    before, after = bracket
    if after != before:
        raise AssertionError(
            f"the ledger head moved from {before} to {after} across a request refused with {response.status_code}"
        )
    return None


@schemathesis.check
def service_unavailable_only_as_freshness_timeout(ctx, response, case):
    """503 only as API.md allows a read: ?minPosition not reached in time, SERVICE_UNAVAILABLE with Retry-After."""
    if response.status_code != 503:
        return None
    try:
        code = json.loads(response.content).get("code")
    except (ValueError, AttributeError):
        code = None
    if "minPosition" not in (case.query or {}) or code != "SERVICE_UNAVAILABLE" or "retry-after" not in response.headers:
        raise AssertionError(f"503 {code} is not a ?minPosition freshness timeout with Retry-After")
    return None


@atexit.register
def _write_counts():
    if COUNT_FILE:
        with open(COUNT_FILE, "w") as out:
            json.dump(_counts, out)
