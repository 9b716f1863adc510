"""The web check: GET / (the form), POST /check (the result page), POST /api/check (the JSON contract).

Every upload goes to its own temporary folder, is analysed as `clauses check` would (same ZIP rules), and is
deleted once the answer is built. A bad upload gets a French message and a 4xx status, never a 500."""

from __future__ import annotations

import asyncio
import base64
import logging
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile

from analyzer.web.limits import BodyLimit, BodyTooLarge

log = logging.getLogger("clauses.web")
HERE = Path(__file__).resolve().parent
NATURES = {"travaux": "Travaux", "fournitures": "Fournitures", "services": "Services"}
BUYER_KINDS = {
    "central": "État ou établissement public de l'État",
    "local": "Collectivité, établissement local, hôpital",
    "entite-adjudicatrice": "Entité adjudicatrice (réseaux) ou défense",
}
STATUS_FR = {"met": "Respectée", "missing": "Manquante", "not_applicable": "Non applicable", "cannot_verify": "Invérifiable"}
MAX_IMAGES = 12


@dataclass(frozen=True)
class WebSettings:
    max_upload_bytes: int = 100 * 2**20
    timeout_s: float = 300.0
    allowed_suffixes: tuple[str, ...] = (".pdf", ".docx", ".doc", ".odt", ".md", ".txt", ".html", ".htm", ".xml", ".json", ".zip")
    keep_uploads: Path | None = None  # a folder to copy uploads into; None: nothing is kept
    workers: int = 2
    warm_up: bool = True  # load the models at start (lifespan), not on the first request


class BadUpload(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class CheckInput:
    launch_date: date | None = None
    amount: float | None = None
    nature: str | None = None
    buyer_kind: str | None = None
    highlight: bool = False
    values: dict[str, str] = field(default_factory=dict)  # what the user typed, to fill the form again


def _warm_up() -> None:
    """Load the spaCy pipeline, the rules and the taxonomy once, by checking a one-line tender."""
    from analyzer.pipeline import analyze_tender

    with tempfile.TemporaryDirectory(prefix="clauses-warm-") as tmp:
        sample = Path(tmp) / "CCAP.txt"
        sample.write_text("Le titulaire réalise des heures d'insertion.", encoding="utf-8")
        analyze_tender(sample)


def create_app(settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ANN202 - FastAPI's lifespan protocol
        app.state.pool = ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="clauses-check")
        if settings.warm_up:
            await asyncio.get_running_loop().run_in_executor(app.state.pool, _warm_up)
        yield
        app.state.pool.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(title="clauses", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    base = {"natures": NATURES, "buyer_kinds": BUYER_KINDS, "max_mb": f"{settings.max_upload_bytes / 2**20:g}"}

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, template, {**base, **context}, status_code=status)

    @app.get("/", response_class=HTMLResponse)
    async def form(request: Request) -> HTMLResponse:
        return page(request, "index.html", values={}, error=None)

    @app.post("/check", response_class=HTMLResponse)
    async def check_page(request: Request) -> Response:
        try:
            outcome = await _run(request, settings)
        except BadUpload as exc:
            values = getattr(exc, "values", {})
            return page(request, "index.html", status=exc.status, values=values, error=exc.message)
        result, checked, contract, images, name = outcome
        status = 200 if checked.readable else 422
        return page(request, "result.html", status=status, **_view(result, checked, contract, images, name))

    @app.post("/api/check")
    async def check_api(request: Request) -> JSONResponse:
        try:
            result, checked, contract, _, _ = await _run(request, settings, images=False)
        except BadUpload as exc:
            return JSONResponse({"error": exc.message, "status": exc.status}, status_code=exc.status)
        if not checked.readable:
            reasons = "; ".join(f"{f}: {e}" for f, e in result.errors) or "aucun document lisible"
            return JSONResponse(
                {"error": f"Rien n'a pu être lu dans ce marché ({reasons}).", "status": 422, "contract": contract}, status_code=422
            )
        return JSONResponse(contract)

    return app


async def _run(request: Request, settings: WebSettings, images: bool = True) -> tuple:
    """Read the form, analyse the upload in a worker thread within the time limit, delete the upload."""
    try:
        form = await request.form(max_files=1, max_fields=20)
    except BodyTooLarge:
        raise  # the middleware answers 413
    except Exception as exc:  # noqa: BLE001 - a malformed multipart body (starlette's HTTPException included)
        raise BadUpload(400, f"Formulaire illisible : envoyez le fichier avec le formulaire de la page d'accueil ({exc}).") from exc
    try:
        params = _params(form)
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise BadUpload(400, "Aucun fichier envoyé : choisissez un document (PDF, DOCX…) ou un ZIP du dossier de consultation.")
        tmp = Path(tempfile.mkdtemp(prefix="clauses-upload-"))
        try:
            target = await _save(upload, tmp, settings)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    except BadUpload as exc:
        exc.values = {k: v for k, v in form.items() if isinstance(v, str)}  # type: ignore[attr-defined]
        raise
    finally:
        await form.close()
    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(request.app.state.pool, _analyse, target, params, images and params.highlight)
    try:
        result, checked, contract, pictures = await asyncio.wait_for(asyncio.shield(future), timeout=settings.timeout_s)
    except TimeoutError as exc:
        # The thread cannot be stopped: its folder goes when it ends, its result is dropped.
        future.add_done_callback(lambda _: shutil.rmtree(tmp, ignore_errors=True))
        raise BadUpload(504, f"L'analyse a dépassé {settings.timeout_s:g} s : envoyez moins de documents à la fois.") from exc
    except Exception as exc:  # noqa: BLE001 - a document that breaks the analysis is a bad upload, not a server error
        log.exception("analysis failed for %s", target.name)
        shutil.rmtree(tmp, ignore_errors=True)
        raise BadUpload(422, f"Ce fichier n'a pas pu être analysé ({type(exc).__name__}).") from exc
    if settings.keep_uploads is not None:
        settings.keep_uploads.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target, settings.keep_uploads / target.name)
    shutil.rmtree(tmp, ignore_errors=True)
    return result, checked, contract, pictures, target.name


def _params(form: Any) -> CheckInput:  # noqa: ANN401 - a starlette FormData
    values = {k: v.strip() for k, v in form.items() if isinstance(v, str)}
    out = CheckInput(values=values, highlight=values.get("highlight") in ("1", "on", "true"))
    if values.get("launch_date"):
        try:
            out.launch_date = date.fromisoformat(values["launch_date"])
        except ValueError as exc:
            raise BadUpload(400, "Date de lancement invalide : écrivez-la AAAA-MM-JJ, par exemple 2026-09-15.") from exc
    if values.get("amount"):
        raw = re.sub(r"[\s\u00a0\u202f€]", "", values["amount"]).replace(",", ".")
        try:
            out.amount = float(raw)
        except ValueError as exc:
            raise BadUpload(400, "Montant invalide : écrivez un nombre d'euros hors taxes, par exemple 250000.") from exc
        if out.amount < 0:
            raise BadUpload(400, "Montant invalide : il ne peut pas être négatif.")
    if values.get("nature"):
        if values["nature"] not in NATURES:
            raise BadUpload(400, "Nature invalide : travaux, fournitures ou services.")
        out.nature = values["nature"]
    if values.get("buyer_kind"):
        if values["buyer_kind"] not in BUYER_KINDS:
            raise BadUpload(400, "Type d'acheteur invalide : central, local ou entite-adjudicatrice.")
        out.buyer_kind = values["buyer_kind"]
    return out


_SAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)


async def _save(upload: UploadFile, folder: Path, settings: WebSettings) -> Path:
    name = _SAFE_NAME.sub("_", Path(upload.filename or "document").name).strip(" .") or "document"
    suffix = Path(name).suffix.lower()
    if suffix not in settings.allowed_suffixes:
        allowed = ", ".join(s.lstrip(".").upper() for s in settings.allowed_suffixes)
        raise BadUpload(415, f"Type de fichier non accepté ({suffix or 'sans extension'}) : envoyez un fichier {allowed}.")
    target = folder / name
    size = 0
    with open(target, "wb") as out:
        while chunk := await upload.read(1 << 20):
            size += len(chunk)
            out.write(chunk)
    if size == 0:
        raise BadUpload(400, f"Le fichier {name} est vide.")
    head = target.read_bytes()[:8]
    if suffix in (".zip", ".docx", ".odt") and not head.startswith(b"PK"):
        raise BadUpload(415, f"{name} n'est pas un {suffix.lstrip('.').upper()} : son contenu n'est pas une archive.")
    if suffix == ".pdf" and b"%PDF" not in target.read_bytes()[:1024]:
        raise BadUpload(415, f"{name} n'est pas un PDF : son contenu ne commence pas par %PDF.")
    return target


def _analyse(target: Path, params: CheckInput, images: bool) -> tuple:
    from analyzer.facts.tender import FileError
    from analyzer.pipeline import analyze_tender
    from analyzer.reports.contract import tender_contract
    from analyzer.scoring.obligations import check_tender

    result = analyze_tender(target)
    # The server's temporary folder means nothing to the user and is not theirs to see.
    hidden = str(target.parent) + "/"
    result.errors = [FileError(e.file.replace(hidden, ""), e.error.replace(hidden, "")) for e in map(FileError._make, result.errors)]
    checked = check_tender(
        result,
        launch_date=params.launch_date,
        amount=params.amount,
        nature=params.nature,
        buyer_kind=params.buyer_kind,
        given_as={k: f"formulaire, champ {k}" for k in ("launch_date", "amount", "nature", "buyer_kind")},
    )
    contract = tender_contract(result, checked)
    contract["path"] = target.name  # the server's temporary path means nothing to the user
    pictures: dict[tuple[str, int | None, int], str] = {}
    if images:
        from analyzer.web.pages import highlight_png, member_bytes

        wanted = [f for o in checked.obligations for f in o.evidence[:1]] + result.findings
        for f in wanted:
            if len(pictures) >= MAX_IMAGES:
                break
            key = (f.file, f.page, f.start)
            if key in pictures or not f.page or not f.file.lower().endswith(".pdf"):
                continue
            data = member_bytes(target, f.file)
            png = highlight_png(data, f.page, f.quote) if data else None
            if png:
                pictures[key] = "data:image/png;base64," + base64.b64encode(png).decode()
    return result, checked, contract, pictures


def _view(result: Any, checked: Any, contract: dict, images: dict, name: str) -> dict[str, Any]:  # noqa: ANN401
    from analyzer.detection.taxonomy import default_taxonomy
    from analyzer.reports.groups import group_findings, shown_text

    taxonomy = default_taxonomy()
    groups = []
    for g in group_findings(result.findings):
        f = g.best
        picture = next((images[(x.file, x.page, x.start)] for x in g.findings if (x.file, x.page, x.start) in images), None)
        groups.append(
            {
                "instrument": taxonomy.instruments[f.instrument].fr,
                "labels": ", ".join(dict.fromkeys(taxonomy.labels[x].fr for x in g.labels)),
                "decp": f.decp_value or "",
                "file": f.file.rsplit("/", 1)[-1],
                "page": f.page,
                "places": g.places,
                "count": g.count,
                "quote": shown_text(f),
                "image": picture,
            }
        )
    obligations = []
    for o in checked.obligations:
        best = o.evidence[0] if o.evidence else None
        obligations.append(
            {
                "o": o,
                "status_fr": STATUS_FR[o.status],
                "best": None if best is None else {"file": best.file.rsplit("/", 1)[-1], "page": best.page, "quote": shown_text(best)},
                "image": images.get((best.file, best.page, best.start)) if best else None,
            }
        )
    return {
        "name": name,
        "result": result,
        "procedure": checked.procedure,
        "obligations": obligations,
        "groups": groups,
        "readable": checked.readable,
        "documents": result.documents,
        "errors": result.errors,
        "status_fr": STATUS_FR,
    }
