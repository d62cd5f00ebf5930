"""Word patterns of the router (en + zh): role attacks, domain words, off-domain cues, topics."""

from __future__ import annotations

import re

# Attempts to change the assistant's role or pull out its instructions or secrets.
ROLE_ATTACK = re.compile(
    r"ignore (all |any |the |your )?(previous|prior|above|earlier)|disregard (all |your )?"
    r"(previous |prior )?(instructions|rules)|system prompt|(show|reveal|print|repeat|tell me|"
    r"what are|give me) (me )?your (instructions|prompt|rules)|you are now|pretend (to be|you are)|"
    r"from now on,? you|act as if you|jailbreak|developer mode|\bsystem\s*:|note to the assistant|"
    r"\bdan mode\b|api[ _-]?key|secret key|password|reveal (your|the) (prompt|instructions)|"
    r"forget (everything|your instructions)|new persona|roleplay as|"
    r"忽略(之前|以上|前面|所有)|系统提示|提示词|从现在开始你|你现在是|你不再是|扮演|密钥",
    re.IGNORECASE,
)
# Words that only come up when the question is about live selling.
STRONG_DOMAIN = re.compile(
    r"\blive|stream|broadcast|\banchor|celebrit|\bcelebs?\b|influencer|\bkol|\bfans?\b|"
    r"follower|viewer|audience|conversion|\bgmv\b|taobao|tmall|douyin|tiktok|e-?commerce|"
    r"repurchase|merchant|off[- ]topic|\bsingers?\b|\bactors?\b|\bidols?\b|"
    r"直播|主播|明星|歌手|演员|带货|粉丝|复购|回购|流量|跑题|达人|网红|转化|"
    r"\brebook|\bworth booking\b|\bbook(ing)? (her|him|them) again\b|直播间|观众|下单|"
    r"开播|上播|下播|直通车|聚划算|选品",
    re.IGNORECASE,
)
# Words that suggest selling but also occur in everyday questions ("host a party").
WEAK_DOMAIN = re.compile(
    r"host|presenter|\bstars?\b|famous|\bsell|\bsold\b|\bsales?\b|store|shop|brand|product|customer|buyer|"
    r"order|traffic|promot|market|niche|category|catalog|\bsku|session|camera|\bads?\b|"
    r"revenue|profit|deal|discount|engage|interact|comment|pitch|\bchat\b|店|商品|销量|卖|顾客",
    re.IGNORECASE,
)
# Subjects we do not advise on, even when a selling word appears next to them.
OFF_DOMAIN = re.compile(
    r"recipe|\bcook|dinner party|medicine|medical|doctor|symptom|headache|\btax(es)?\b|"
    r"lawyer|legal advice|python|javascript|\bcode\b|program(ming)?\b|homework|poem|\bjoke|"
    r"weather|football|soccer|capital of|translate|astronom|telescope|\bsky\b|horoscope|"
    r"pizza|topping|天气|下雨|带伞|历史|朝代|皇帝|统一六国|菜谱|食谱|做菜|医生|头疼|感冒|吃什么药|"
    r"足球|篮球|翻译|代码|编程|首都|作业|笑话|写诗",
    re.IGNORECASE,
)
# 观看人数很多但是订单很少: many watch, few buy. Names the traffic-vs-orders problem beyond doubt.
VIEWS_NOT_ORDERS_ZH = (r"(观看|在线|人气|人数|人|流量|看的)[^。？！]{0,10}(但|但是|可是|却|就是)"
                       r"[^。？！]{0,10}((订单|成交|下单|买|销量)[^。？！]{0,4}(少|不|没)|"
                       r"(没|没几个)人(买|下单)|不(下单|成交))")
# Off-topic entertainment; "celebrity gossip" is a segment, not a celebrity guest.
ENTERTAINMENT = (r"danc|karaoke|\bsing(ing|s)?\b|\bsongs?\b|chit[- ]?chat|small talk|\bjokes?\b|"
                  r"comedy|comic bits|\bskits?\b|stand-up|"
                  r"football|soccer|gossip|\bgam(e|es|ing)\b|唱歌|跳舞|舞蹈|科目三|广场舞|蹦迪|"
                  r"八卦|游戏|段子|搞笑|小品")
TOPIC_PATTERNS: dict[str, tuple[str, ...]] = {
    "celebrity": (r"celebrit(?!y gossip)|\bcelebs?\b|celebrty|celebraty|明星|歌手|演员|网红|偶像|"
                  r"大咖",
                  r"\bstars?\b(?! (rating|review))|famous|\bidols?\b|\bkols?\b",
                  r"big[- ]name|movie star|\bactors?\b|\bactress|\bsingers?\b|\brappers?\b",
                  r"\bfee\b.*(star|guest)"),
    "anchor": (r"\bhosts?\b|\bhosting\b|\banchor|presenter|streamer|主播",
               r"谁来(当主播|播)|亲自.{0,2}(播|直播|出镜|上镜)|出镜|上镜|签(约)?主播|培养.{0,6}主播",
               r"who should (be )?(run|do|front|present|host)|present(ing|s)? (our|my|the)|"
               r"face of (our|my|the)",
               r"on camera|camera[- ]shy|\bshy\b|freeze", r"\bhire\b|\bsign\b|recruit",
               r"myself|\bowner\b|\bstaff\b|employee|professional|train (a|my|our|one)"),
    "off_topic": (r"off[- ]topic|unrelated|跑题", ENTERTAINMENT, r"\bviral\b|hot ?spots?|"
                  r"trend|meme|梗|热点", r"views? but (no|few|little)|traffic but|viewers but|"
                  r"watch but|sales (are|r) dead|no(body| one) (buys|orders)|没人下单",
                  r"(crowds?|views|viewers|traffic|people)\b.{0,30}\b(but|yet)\b.{0,30}"
                  r"\b(no|few|little|hardly any|only \d[\d,]*)\b.{0,10}\b(orders|sales|buyers)",
                  VIEWS_NOT_ORDERS_ZH,
                  r"蹭.{0,2}(热度|热点)|综艺|才艺|不务正业"),
    "product_fit": (r"适合(上|放到|放在|在)?直播|(什么|哪些|哪类)(类目|商品|产品|货)|二手车|汽车|"
                    r"房子|房产|家具|大件|客单价|冲动消费",
                    r"(which|what) (products?|kinds? of goods|goods|items)|product (fit|suit)|"
                    r"suit(ed|able)? for live|sell (well|fast)|move fastest",
                    r"categor|catalog", r"impulse|big[- ]ticket",
                    r"\bcars?\b|real estate|furniture|sofas?|snacks?|lipstick|warranty|"
                    r"office chairs?|选品|品类"),
    "interaction": (r"interact|engag|participat|take part|join in|involved",
                    r"comments?|(?<!chit )(?<!chit-)\bchat\b|"
                    r"reply|respond to|answer (their|viewers'?|the|people'?s) questions",
                    r"lonel|company", r"barrage|danmu|弹幕|评论|互动", r"co-?creat|\bvote",
                    r"陪伴|打招呼|老粉|闲聊|聊天|投票|共创|粉丝(建议|意见|参与)"),
    "old_customers": (r"repeat|repurchase|returning|old customers?|existing customers?|loyal|"
                      r"regulars", r"retention|retain|come back|coming back|buy(ing)? again|"
                      r"second (or third )?time", r"复购|回购|老客|回头客|老顾客",
                      r"新客|拉新|哪(一)?类顾客|粉丝.{0,8}(认|留)"),
    "sincerity": (r"sincer|authentic|genuine|honest|fake", r"feeling|emotion|sentiment",
                  r"\bcute\b|adorable|baby voice|personality|scripted|routine|tricks|"
                  r"shouting|countdown", r"情怀|真诚|装可爱|撒娇",
                  r"套路|话术|逼单|卖萌|嗲|人设|夸大"),
    "traffic": (r"traffic|channel|entrance", r"\bads?\b|advertis|through[- ]train|juhuasuan|"
                r"diamond|flash (sale|deal)|paid", r"team|coordinat|integrat", r"流量",
                r"直通车|聚划算|钻展|推广|投流|渠道|入口|部门|协作|配合"),
    "niche": (r"niche|subculture|sub-culture|segment|small pool|mainstream|hip-hop|anime|"
              r"everyone or|小众",
              r"小众|圈子|细分|垂直|大众(口味|化)|主流"),
    "realness": (r"\braw\b|polish|unedited|imperfect|rough|production quality|equipment|"
                 r"glitch|lighting|studio|fresh|novel|new thing",
                 r"简陋|寒酸|卡顿|网卡|路人|录播|剪辑|精致|滤镜|美颜|新鲜感|红利"),
}
# The register of practical subjects the guidance does not cover (DESIGN §11). A question on
# one of them is answered "my guidance doesn't cover <subject>" first, at low confidence,
# even when a card happens to share many words with it.
GAP_SUBJECTS: dict[str, str] = {
    "discount levels and pricing": (
        r"(how (big|much|deep)|what|which) (a |of a )?(discount|percentage off|price cut)|"
        r"discount level|\d+ ?(%|percent) off|percent(age)? off|pricing|price level|"
        r"how (much|high) (should|to|do) (i|we)? ?(charge|price)|几折|折扣力度|优惠力度|定价"),
    "which platform to choose": (
        r"which (app|platform|site)s?\b|(douyin|taobao|tiktok|kuaishou|xiaohongshu|wechat)\b.{0,12}"
        r"\bor\b.{0,12}(douyin|taobao|tiktok|kuaishou|xiaohongshu|wechat)|哪个平台|选什么平台|"
        r"commission|platform fees?|佣金"),
    "how long a session should run": (
        r"how (long|many (hours|minutes)) (should|does|do|must|can|is|are)\b.{0,40}"
        r"(session|stream|live|broadcast|show)|session length|length of (a|our|each) "
        r"(session|stream)|播多久|直播多长时间|直播时长多少"),
    "how often to stream": (r"how (often|frequently)|how many (times|sessions|streams) (a|per|each)"
                            r" (week|month|day)|多久播一次|一周播几次|每周播几场"),
    "the time of day to go live": (r"what time|time of (the )?day|which hours?\b|"
                                   r"(morning|afternoon) or (evening|night)|几点|什么时间段"),
    "how long training a host takes": (
        r"how (long|many (weeks|months|days)) .{0,50}(train|learn|get good|become (good|ready)|"
        r"ready to (host|present))|培养.{0,8}(多久|多长时间)"),
    "legal, tax and licence questions": (r"licen[cs]e|permit|regulat|\btax|legal|营业执照|资质|"
                                         r"税"),
    "ad bidding and paid-traffic budgets": (r"\bbid(ding)?\b|cost per click|\bcpc\b|投流|出价"),
    "product photography and packaging": (r"photograph|product (photos?|pictures|shots)|"
                                          r"packaging|gift wrap|wrapping|shipping box|"
                                          r"box and wrap|产品图|拍照"),
    "returns, shipping and logistics": (r"returns? polic|refund polic|shipping|logistics|courier|"
                                        r"warehouse|发货|物流|退货政策"),
    "search titles and listings": (r"search (rank|result)|\bseo\b|(product|listing|item) titles?|"
                                   r"标题优化"),
    "studio equipment and set design": (r"microphone|\bmic\b|camera model|ring light|"
                                        r"backdrop|which (camera|lights?)\b|麦克风|补光灯|背景布"),
    "handling trolls and abusive comments": (r"\btroll|insult|abusive|harass|\bhaters?\b|"
                                             r"黑粉|骂人|喷子|恶意评论"),
}
_GAPS = {subject: re.compile(pattern, re.IGNORECASE) for subject, pattern in GAP_SUBJECTS.items()}


def uncovered_subject(text: str) -> str | None:
    """The subject of the register a question asks about, or None."""
    return next((subject for subject, rx in _GAPS.items() if rx.search(text)), None)


TOPIC_REGEXES = {t: [re.compile(p, re.IGNORECASE) for p in pats]
                 for t, pats in TOPIC_PATTERNS.items()}


# The product categories the cards use as examples ("a host who knows nothing about home
# furnishing..."). An example from another category than the merchant's own is left out.
EXAMPLE_CATEGORIES: dict[str, re.Pattern[str]] = {
    "home furnishing": re.compile(r"furnish|furniture|sofa|家居|家具", re.I),
    "chili sauce": re.compile(r"chil+i|hot sauce|辣椒|辣酱", re.I),
    "milk powder": re.compile(r"milk[- ]powder|infant formula|奶粉", re.I),
}


def off_category_example(sentence: str, product: str) -> bool:
    """The sentence's example is from a category that is not the merchant's product."""
    if not product:
        return False
    named = [rx for rx in EXAMPLE_CATEGORIES.values() if rx.search(sentence)]
    return bool(named) and not any(rx.search(product) for rx in named)
