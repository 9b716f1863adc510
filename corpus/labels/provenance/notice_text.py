import re, html, glob, os
def notice_text(path):
    raw=open(path,'rb').read()
    if raw[:2] in (b'\xff\xfe',b'\xfe\xff'): t=raw.decode('utf-16',errors='replace')
    else:
        try: t=raw.decode('utf-8')
        except Exception: t=raw.decode('latin-1')
    t=re.sub(r'(?is)<(script|style)[^>]*>.*?</\1>',' ',t)
    t=re.sub(r'(?i)src="data:[^"]*"','',t)
    t=re.sub(r'(?i)<br\s*/?>|</(p|div|tr|li|h\d|td|table)>','\n',t)
    t=re.sub(r'<[^>]+>',' ',t); t=html.unescape(t)
    lines=[' '.join(l.split()) for l in t.split('\n')]
    return [l for l in lines if l]
