"""The client's side of Assent over HTTP: review & e-sign a proposal, see one's documents, and
receive Telegram's webhook — one small ASGI app (Starlette), served by uvicorn (web/server.py)."""
