import json, sys
sys.path.insert(0,'..'); from lab import add
c=json.load(open('boamp_cands.json'))
G='env.generic'; W='env.waste'; I='social.insertion'; SG='social.generic'
P={2:[G],4:[G],5:[G],7:[G],8:[G],9:[G],10:[G],11:[G],13:[G],14:[G],15:[G],17:[G],18:[G],19:[G],20:[G],21:[G],22:[G,W],
24:[I],25:[I],26:[G],27:[I],28:[G],29:[G],30:[G],31:[G],32:[G],33:[G],35:[I],36:[I],38:[G],39:[G],41:[G],42:[G],45:[G],47:[I],48:[G],
51:[W],53:[G],54:[G],56:[G],57:['env.circular'],58:[I],60:[G],61:[G],65:[G],69:[I],70:[W],73:[G],74:[G],75:[G],76:[G],77:[G],
78:['env.pollution'],79:[G],82:[I],84:[G],85:[G],86:[G],87:[G],89:[G,'env.ecolabel'],92:[G],93:[G],95:[G],98:[G],101:[G],103:[G],104:[G],
109:[G],110:['env.biodiversity'],112:[G],113:[I],114:[G],115:[G],116:[G],118:[G],119:[SG],122:[G],123:[I],124:[G],125:[G],127:[G],129:[G],130:[G],
133:[W],134:[I],137:[I],138:[G],141:[G],142:[I,'social.disability'],146:['env.water'],150:[W],152:['env.ecolabel'],155:[G],157:[G],161:[G],163:[G],164:[G],165:[W],166:[G],
170:[W],175:[G],176:[G],179:[I],181:[W],182:[G,W],185:[G],187:[G],188:[G],191:[G,W],193:[G],196:[G],198:[G],201:[G],202:[G],203:[G],205:[I],208:[G],
210:[I],211:[I],212:[G,SG],213:[G,W],217:[I],220:[G],224:[G],225:[I],226:[G,W],227:[G],229:[G],230:[G],231:[SG],232:[G],234:['social.working_conditions',G],
236:[G],237:[G],242:[G],243:[G],244:['social.working_conditions',G],248:[G],253:[G],255:[I],257:[SG],259:[I],261:[G],263:[G],267:[G,W],272:[SG],273:[G],274:[G],
277:[G],278:[G],279:[G],281:[SG],282:[G],284:[I],285:[G],286:[G],287:[I],289:[G],290:[G],292:[G],293:['env.climate',G],294:[G],295:[G],296:[G],297:[G],299:[G],300:[G],
302:[G],309:[G],311:[G],312:[G],316:[G,W],317:[I],318:[I],320:[G],321:[I],323:[G],324:[G,'env.pollution'],325:[G],326:[W]}
SKIP={81,153,183,241}
recs=[]
for i,(idx,col,t) in enumerate(c):
    if i in SKIP: continue
    labs=P.get(i,[])
    m='BOAMP award-criterion cell; candidate found by keyword regex, read and labelled by hand' + ('' if labs else ' (keyword hit but not a sustainability criterion: negative)')
    recs.append(dict(source='boamp-criteres-attribution',file='boamp-criteres-attribution/NeuralNetwork/critere_attribution_data.csv',page=None,
      buyer=f'boamp-criteres-b{idx//100}',text=t,labels=labs,instrument='award_criterion' if labs else None,method=m))
add(recs,'boamp')
