"""`clauses serve`: the check of one tender as a web page and a JSON API (FastAPI, Jinja2, uvicorn)."""
