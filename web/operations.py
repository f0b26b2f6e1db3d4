"""The operator's routes on the same server: ``/healthz``, ``/readyz``, ``/metrics``.

None of them says anything about a child: checks, counts by kind, and timings only.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.operations import health
from bot.platform import metrics
from bot.platform.runtime import Runtime


def operations_routes(rt: Runtime) -> list[Route]:
    if not getattr(metrics.REGISTRY, "_myreview_alerts", False):
        metrics.REGISTRY.register(metrics.AlertsCollector(lambda: health.alert_counts(rt)))
        metrics.REGISTRY._myreview_alerts = True  # type: ignore[attr-defined]

    async def healthz(request: Request) -> Response:
        """Alive: the process answers. (Is it able to serve? That is /readyz.)"""
        return JSONResponse({"alive": True})

    async def readyz(request: Request) -> Response:
        ready, body = await asyncio.to_thread(health.readiness, rt)
        return JSONResponse(body, status_code=200 if ready else 503)

    async def prometheus(request: Request) -> Response:
        body = await asyncio.to_thread(metrics.exposition)
        return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")

    return [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", prometheus),
    ]
