import html
import re


def notice_text(path):
    raw = open(path, "rb").read()
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        t = raw.decode("utf-16", errors="replace")
    else:
        try:
            t = raw.decode("utf-8")
        except Exception:
            t = raw.decode("latin-1")
    t = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", t)
    t = re.sub(r'(?i)src="data:[^"]*"', "", t)
    t = re.sub(r"(?i)<br\s*/?>|</(p|div|tr|li|h\d|td|table)>", "\n", t)
    t = re.sub(r"<[^>]+>", " ", t)
    t = html.unescape(t)
    lines = [" ".join(line.split()) for line in t.split("\n")]
    return [line for line in lines if line]
