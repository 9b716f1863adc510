import json, os, yaml
OUT = '/work/main/corpus/labels/passages.jsonl'
TAX = yaml.safe_load(open('/work/main/analyzer/data/taxonomy.yaml'))
SIDE = {k: v['side'] for k, v in TAX['labels'].items()}
INSTR = TAX['instruments']
def _seen():
    s, ids = set(), {}
    if os.path.exists(OUT):
        for l in open(OUT):
            r = json.loads(l); s.add(r['text'])
            p, n = r['id'].rsplit('-', 1); ids[p] = max(ids.get(p, 0), int(n))
    return s, ids
def decp(labels, instr):
    if not instr: return []
    out = []
    for l in labels:
        v = INSTR[instr]['decp'].get(SIDE[l])
        if v and v not in out: out.append(v)
    return out
def add(recs, short):
    """recs: list of dict(source,file,page,buyer,text,labels,instrument,method)"""
    seen, ids = _seen(); n = ids.get(short, 0); k = 0
    with open(OUT, 'a') as f:
        for r in recs:
            t = r['text']
            if t in seen or not t.strip(): continue
            for l in r['labels']: assert l in SIDE, l
            assert r['instrument'] is None or r['instrument'] in INSTR, r['instrument']
            if r['labels']: assert r['instrument']
            if r['instrument'] and r['instrument'] != 'mention': assert r['labels'], t
            seen.add(t); n += 1; k += 1
            o = dict(id=f'{short}-{n}', source=r['source'], file=r['file'], page=r.get('page'), buyer=r['buyer'],
                     text=t, labels=r['labels'], instrument=r['instrument'], decp=decp(r['labels'], r['instrument']),
                     labeller='assistant-reading', method=r['method'])
            f.write(json.dumps(o, ensure_ascii=False) + '\n')
    print('added', k, 'total', len(seen))
