"""The web chat: My Review for a child without Telegram, in any phone's browser.

A second channel beside ``handlers/`` (Telegram), on the same core: a form becomes
an ``Incoming`` for :func:`bot.conversation.handle.handle`, and the ``Reply``
values that come back are shown as chat bubbles and buttons. Nothing to install,
no account: a worker's link (``myreview people invite ID --web``), then the child's
own secret word. Served by Starlette under uvicorn (``myreview web``, or beside the
bot in ``myreview run``); docs/web.md says how it keeps a child on a shared phone
safe.

* ``app``: the routes, and :func:`build_web_app`;
* ``guard``: cookies, CSRF, rate limits and the security headers of every response;
* ``forms``: what a posted form means, as an ``Incoming``;
* ``uploads``: photos and voice notes, checked before they are kept;
* ``bubbles``: the core's Telegram HTML made safe to show in a browser.
"""
