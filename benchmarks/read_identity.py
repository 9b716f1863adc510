"""What reading gives, dumped so that two versions of the analyzer can be compared (issue 13: reading made
cheaper must give the same results).

    PYTHONPATH=OLD .venv/bin/python benchmarks/read_identity.py dump /tmp/old.pkl
    PYTHONPATH=NEW .venv/bin/python benchmarks/read_identity.py dump /tmp/new.pkl
    .venv/bin/python benchmarks/read_identity.py compare /tmp/old.pkl /tmp/new.pkl

Dumped: the 345 development BOAMP API records written one `<idweb>.json` each (as bench_audit.py writes
them), the same records as a JSON array, JSON lines and an API page; every folder of ../shared/corpus
that holds notice or export files, as discovery finds its tenders; and every JSON, XML and HTML file
of ../shared/corpus read alone (`read_document`, `ref_for`). For each tender: its TenderRef (id, name,
TenderMeta, record), content hash, the names of its files, each document (kind, pages with their
text, error, warnings, metadata as JSON), the buyer read from the text, and the TenderMeta once the
buyer is resolved. Folders of documents (DCEs) are listed, not read. Not a test: it needs the corpus.
"""

from __future__ import annotations

import json
import pickle
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

SUFFIXES = {".json", ".xml", ".html", ".htm", ".csv", ".jsonl", ".ndjson", ".txt", ".md"}


def _doc(doc):  # noqa: ANN001, ANN202
    return (
        doc.file,
        doc.kind,
        [(p.number, p.start, p.text) for p in doc.pages],
        doc.error,
        list(doc.warnings),
        doc.paged,
        json.dumps(doc.metadata, ensure_ascii=False, default=repr),
    )


def _ref(ref):  # noqa: ANN001, ANN202
    record = json.dumps(ref.record, ensure_ascii=False, default=str) if ref.record is not None else None
    return (ref.tender_id, ref.name, str(ref.path), json.dumps(ref.meta.as_dict(), ensure_ascii=False), ref.record_kind, record)


def _tender(ref, resolver):  # noqa: ANN001, ANN202
    from analyzer.facts.buyer import buyer_from_text, siret_from_text
    from analyzer.pipeline import _buyer_and_meta, _documents
    from analyzer.sources.tenders import open_tender

    out: list = []
    buyer = None
    with open_tender(ref) as t:
        # A file or an in-memory record: the same document under the same name either way.
        out.append(("files", [n for n, _ in t.files] + [r.name for r in t.records], t.errors))
        for name, doc in _documents(t):
            out.append(_doc(doc))
            if buyer is None and not doc.error:
                buyer = buyer_from_text(doc.text, name) if doc.kind in ("avis", "RC", "AE", "CCAP") else None
                out.append(("siret", siret_from_text(doc.text)))
    meta, b = _buyer_and_meta(ref.meta, None, buyer, resolver)
    out.append(("buyer", repr(buyer), repr(b), json.dumps(meta.as_dict(), ensure_ascii=False)))
    return out


def _folder(folder: Path, resolver) -> tuple[list, list]:  # noqa: ANN001
    from analyzer.sources.tenders import content_hash, iter_tenders

    discovery = iter_tenders(folder)
    refs = []
    for ref in discovery:
        entry = [_ref(ref), content_hash(ref)]
        if ref.record is not None or (ref.path.is_file() and ref.path.suffix.lower() in SUFFIXES):
            entry.append(_tender(ref, resolver))
        refs.append(entry)
    return refs, list(discovery.skipped)


def dump(out: Path) -> None:
    import bench_audit

    from analyzer.documents.read import read_document
    from analyzer.pipeline import default_resolver
    from analyzer.sources.tenders import ref_for

    resolver = default_resolver()
    corpus = bench_audit.SHARED
    state: dict[str, object] = {}
    # The same tmp path for both versions: paths are part of what is compared.
    tmp = Path(tempfile.gettempdir()) / "clauses-read-identity"
    shutil.rmtree(tmp, ignore_errors=True)
    records = tmp / "records"
    bench_audit.write_records(records, 1)
    rows = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(records.glob("*.json"))]
    exports = tmp / "exports"
    exports.mkdir()
    (exports / "all.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    (exports / "all.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows[:100]), encoding="utf-8")
    (exports / "page.json").write_text(json.dumps({"total_count": 20, "results": rows[100:120]}, ensure_ascii=False), encoding="utf-8")
    state["records"] = _folder(records, resolver)
    state["exports"] = _folder(exports, resolver)
    for folder in sorted({p.parent for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES}):
        state[f"dir:{folder.relative_to(corpus)}"] = _folder(folder, resolver)
    files = [p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in {".json", ".xml", ".html", ".htm"}]
    for f in sorted(files):
        state[f"file:{f.relative_to(corpus)}"] = (_doc(read_document(f)), _ref(ref_for(f)))
    for f in sorted(records.glob("*.json")):
        state[f"record file:{f.name}"] = (_doc(read_document(f)), _ref(ref_for(f)))
    with out.open("wb") as fh:
        pickle.dump(state, fh)
    print(f"{len(state)} entries written to {out}")


def compare(a: Path, b: Path) -> int:
    with a.open("rb") as fa, b.open("rb") as fb:
        old, new = pickle.load(fa), pickle.load(fb)
    if old.keys() != new.keys():
        print(f"different entries: {sorted(set(old) ^ set(new))[:10]}")
        return 1
    differ = [k for k in old if old[k] != new[k]]
    print(f"{len(old)} entries, {len(differ)} differ" + (f": {differ[:10]}" if differ else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["dump"]:
        dump(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["compare"]:
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(__doc__)
