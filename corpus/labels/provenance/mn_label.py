import json, sys
sys.path.insert(0,'..'); from lab import add
d=json.load(open('mn.json'))
E='execution_condition'; T='technical_specification'; A='award_criterion'; M='mention'
P={82:(M,['env.lifecycle']),83:(T,['env.climate','env.circular','env.pollution']),85:(E,['env.generic']),86:(E,['env.ecolabel']),87:(E,['env.ecolabel']),
89:(M,['env.ecolabel']),90:(M,['env.circular','env.climate']),101:(E,['social.fair_trade']),111:(E,['social.training']),112:(E,['social.training']),
125:(A,['env.generic']),127:(A,['env.generic']),129:(A,['env.generic']),137:(M,['env.generic']),139:(A,['env.circular']),140:(A,['env.ecolabel']),141:(A,['env.circular']),
142:(A,['env.circular']),144:(A,['env.waste']),145:(A,['env.waste']),146:(A,['env.climate']),147:(M,['env.climate']),148:(A,['env.climate']),150:(A,['env.climate']),
153:(A,['env.generic']),159:(A,['social.fair_trade']),160:(A,['social.fair_trade']),161:(A,['social.fair_trade']),165:(A,['social.fair_trade']),166:(A,['social.fair_trade']),
167:(A,['social.fair_trade']),180:(A,['social.fair_trade']),181:(A,['social.fair_trade']),183:(A,['social.fair_trade']),185:(A,['social.fair_trade']),
239:(E,['env.generic']),240:(E,['env.circular','env.climate']),243:(T,['env.circular']),244:(E,['env.generic']),245:(E,['env.ecolabel']),247:(E,['env.generic']),
257:(E,['env.waste']),258:(E,['env.waste']),259:(E,['env.waste']),260:(E,['env.waste']),282:(T,['env.generic']),284:(T,['env.circular']),
287:(M,['env.pollution']),288:(M,['env.pollution']),289:(M,['env.pollution']),292:(M,['env.climate']),293:(T,['env.climate']),304:(M,['env.climate']),
310:(T,['env.waste']),311:(T,['env.waste']),312:(T,['env.waste','env.circular']),313:(T,['env.pollution']),314:(T,['env.pollution']),315:(E,['env.waste']),
319:(A,['env.generic']),320:(A,['social.generic']),344:(M,['social.fair_trade']),378:(A,['env.climate','env.circular','env.pollution']),470:(E,['social.fair_trade']),
505:(A,['env.climate']),507:(A,['env.pollution']),509:(A,['env.pollution']),511:(A,['env.circular']),512:(A,['env.circular']),513:(A,['env.circular']),515:(A,['env.waste']),
633:(T,['env.climate','social.accessibility']),643:(A,['env.generic']),707:(T,['env.waste']),711:(T,['env.waste']),712:(T,['env.circular','env.waste']),713:(E,['env.waste']),
727:(M,['env.circular']),728:(E,['env.circular']),729:(T,['env.circular']),730:(T,['env.circular']),735:(E,['env.circular']),741:(M,['env.circular']),
780:(A,['env.circular']),781:(A,['env.ecolabel']),782:(A,['env.circular'])}
NEG=[0,2,4,5,6,9,10,12,14,15,16,17,20,21,22,23,25,28,29,40,42,46,54,56,57,59,60,63,64,66,67,70,73,77,78,93,94,95,96,97,98,99,100,103,104,105,109,110,120,121,126,128,130,131,132,133,156,157,158,162,164,168,179,182,186,
188,195,209,211,214,218,223,228,231,232,233,234,241,249,250,251,252,283,291,302,306,307,308,309,321,377,389,432,433,442,444,445,469,497,556,559,560,
561,562,577,578,579,580,582,586,592,593,594,612,613,614,615,616,617,618,620,621,622,623,625,626,627,628,630,634,636,637,642,654,678,681,683,685,692,693,694,695,696,697,
703,704,705,714,715,716,717,720,721,723,724,725,726,731,733,734,737,743,793,794,829,830,831,833,836,837,838]
recs=[]
for i in sorted(set(P)|set(NEG)):
    r=d[i]; ins,labs=P.get(i,(None,[]))
    if i in P:
        m=f"MiNumEco guide, model clause (section « {r['sec'][:60]} »), read in context; instrument from the target document (CCAP/CCTP/RC) and wording"
    else:
        m=f"MiNumEco guide, guide's own prose / sourcing question / heading (section « {r['sec'][:60]} »), read: not a clause -> negative"
    recs.append(dict(source='minumeco-guide-achats-numeriques',file=r['file'],page=None,buyer='guide-minumeco',text=r['text'],labels=labs,instrument=ins,method=m))
add(recs,'minumeco')
