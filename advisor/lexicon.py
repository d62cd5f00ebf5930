"""Word patterns the router uses: role attacks, domain words, off-domain cues, topic cues."""

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
    r"repurchase|merchant|off[- ]topic|直播|主播|明星|带货|粉丝|复购|回购|流量|跑题|达人|网红|转化|"
    r"直播间|观众|下单",
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
# Off-topic entertainment; "celebrity gossip" is a segment, not a celebrity guest.
_ENTERTAINMENT = (r"danc|karaoke|\bsing(ing|s)?\b|\bsongs?\b|chit[- ]?chat|small talk|\bjokes?\b|"
                  r"football|soccer|gossip|\bgam(e|es|ing)\b|唱歌|跳舞|八卦|游戏|段子")
TOPIC_PATTERNS: dict[str, tuple[str, ...]] = {
    "celebrity": (r"celebrit(?!y gossip)|\bcelebs?\b|celebrty|celebraty|明星",
                  r"\bstars?\b(?! (rating|review))|famous|\bidol",
                  r"big[- ]name|movie star|\bactor|\bactress|pop singer", r"\bfee\b.*(star|guest)"),
    "anchor": (r"\bhosts?\b|\bhosting\b|\banchor|presenter|streamer|主播",
               r"who should (be )?(run|do|front|present|host)|present(ing|s)? (our|my|the)|"
               r"face of (our|my|the)",
               r"on camera|camera[- ]shy|\bshy\b|freeze", r"\bhire\b|\bsign\b|recruit",
               r"myself|\bowner\b|\bstaff\b|employee|professional|train (a|my|our|one)"),
    "off_topic": (r"off[- ]topic|unrelated|跑题", _ENTERTAINMENT, r"\bviral\b|hot ?spots?|"
                  r"trend|meme|梗|热点", r"views? but (no|few|little)|traffic but|viewers but|"
                  r"watch but|sales (are|r) dead|no(body| one) (buys|orders)|没人下单",
                  r"(crowds?|views|viewers|traffic|people)\b.{0,30}\b(but|yet)\b.{0,30}"
                  r"\b(no|few|little|hardly any)\b.{0,10}\b(orders|sales|buyers)"),
    "product_fit": (r"(which|what) (products?|kinds? of goods|goods|items)|product (fit|suit)|"
                    r"suit(ed|able)? for live|sell (well|fast)|move fastest",
                    r"categor|catalog", r"impulse|big[- ]ticket",
                    r"\bcars?\b|real estate|furniture|sofas?|snacks?|lipstick|warranty|"
                    r"office chairs?|选品|品类"),
    "interaction": (r"interact|engag|participat|take part|join in|involved",
                    r"comments?|(?<!chit )(?<!chit-)\bchat\b|"
                    r"reply|respond to|answer (their|viewers'?|the|people'?s) questions",
                    r"lonel|company", r"barrage|danmu|弹幕|评论|互动", r"co-?creat|\bvote"),
    "old_customers": (r"repeat|repurchase|returning|old customers?|existing customers?|loyal|"
                      r"regulars", r"retention|retain|come back|coming back|buy(ing)? again|"
                      r"second (or third )?time", r"复购|回购|老客|回头客|老顾客"),
    "sincerity": (r"sincer|authentic|genuine|honest|fake", r"feeling|emotion|sentiment",
                  r"\bcute\b|adorable|baby voice|personality|scripted|routine|tricks|"
                  r"shouting|countdown", r"情怀|真诚|装可爱|撒娇"),
    "traffic": (r"traffic|channel|entrance", r"\bads?\b|advertis|through[- ]train|juhuasuan|"
                r"diamond|flash (sale|deal)|paid", r"team|coordinat|integrat", r"流量"),
    "niche": (r"niche|subculture|sub-culture|segment|small pool|mainstream|hip-hop|anime|"
              r"everyone or|小众",),
    "realness": (r"\braw\b|polish|unedited|imperfect|rough|production quality|equipment|"
                 r"glitch|lighting|studio|fresh|novel|new thing",),
}
# The register of practical subjects the guidance does not cover (DESIGN §11). A question on
# one of them is answered "my guidance doesn't cover <subject>" first, at low confidence,
# even when a card happens to share many words with it.
GAP_SUBJECTS: dict[str, str] = {
    "discount levels and pricing": (
        r"(how (big|much|deep)|what|which) (a |of a )?(discount|percentage off|price cut)|"
        r"discount level|\d+ ?(%|percent) off|percent(age)? off|pricing|price level|"
        r"how (much|high) (should|to|do) (i|we)? ?(charge|price)|打几折|折扣力度|优惠力度|定价"),
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
# Requests to harm others: break into or sabotage someone's account or stream, fake reviews
# or orders, deceive buyers. A match counts only when nothing before it in its sentence
# says the asker is defending ("stop", "avoid", "被") or that someone else does it ("my
# rival keeps …"): "how do I stop fake reviews about my shop" and "my account was hacked"
# are questions we answer.
_OTHERS = (r"(?:a |an |the |my |our |some )?(?:competitor|rival|someone|somebody|another|other"
           r"|others|their|his|her|people)")
HARMFUL = re.compile(
    r"\b(?:hack(?:ing)?|hijack(?:ing)?|crack(?:ing)?|phish(?:ing)?|ddos(?:ing)?|"
    r"sabotag(?:e|ing)|break(?:ing)? into|log(?:ging)? into|tak(?:e|ing) over)\s+"
    rf"(?:into\s+)?{_OTHERS}"
    r"|\bsteal(?:ing)?\s+(?:\S+\s+){0,3}(?:accounts?|passwords?|logins?|credentials|identity)\b"
    r"|\b(?:competitor|rival)(?:'?s)?\s+(?:\S+\s+){0,4}(?:accounts?|passwords?|streams?|"
    r"live ?rooms?)\s+(?:\S+\s+){0,3}(?:hack|hijack|break into|steal|crack|take down|crash)"
    r"|\bget\s+(?:my\s+|a\s+|their\s+)?(?:competitor|rival)(?:'?s)?\s+(?:\S+\s+){0,2}"
    r"(?:banned|shut down|taken down|suspended|blocked)"
    r"|\b(?:mass[- ]?report(?:ing)?|report[- ]?bomb(?:ing)?)\b"
    r"|\b(?:write|writing|post(?:ing)?|buy(?:ing)?|generat(?:e|ing)|creat(?:e|ing)|"
    r"mak(?:e|ing)|fabricat(?:e|ing)|produc(?:e|ing)|get|order(?:ing)?|pay(?:ing)? for|"
    r"add(?:ing)?|fak(?:e|ing))\s+(?:\S+\s+){0,4}(?:fake|false|bogus|made[- ]up|"
    r"sock ?puppet)\s+(?:\S+\s+)?(?:reviews?|ratings?|comments?|testimonials?|orders?|"
    r"sales|followers?|viewers?|likes?)"
    r"|\b(?:hundreds|thousands|dozens|lots|tons|\d+)\s+(?:of\s+)?(?:fake|false|bogus)\s+"
    r"(?:reviews?|ratings?|comments?|orders?)"
    r"|\bfake (?:reviews?|ratings?|comments?)\b.{0,30}\b(?:at scale|in bulk|automatically|"
    r"with (?:a )?bots?)"
    r"|\b(?:click|review) farms?\b|\bbrush(?:ing)? (?:orders|sales)\b"
    r"|\b(?:deceive|trick|scam|cheat|defraud|mislead|con|lie to|fool|dupe|rip off)\s+"
    r"(?:my |our |the |your |those |these )?(?:\S+\s+)?(?:buyers?|customers?|viewers?|fans?|"
    r"shoppers?|consumers?|audience|clients?|followers?)\b"
    r"|\bwithout (?:my |the )?(?:buyers?|customers?|viewers?|them|anyone|the platform) "
    r"(?:knowing|noticing|finding out|realis|realiz)"
    r"|\bsell(?:ing)?\s+(?:\S+\s+)?(?:counterfeits?|knock-?offs?|fakes)\b"
    r"|盗号|盗(?:取|用)?(?:别人|他人|对手|竞争对手|同行)的?(?:账号|帐号|密码)"
    r"|(?:黑|入侵|攻击|搞垮|搞掉)(?:进|掉|了)?(?:别人|他人|对手|竞争对手|同行)的?"
    r"(?:账号|帐号|直播间|直播|店铺|店)?|恶意举报"
    r"|刷(?:单|好评|差评|评论|评价|销量|粉|人气|观看)|买(?:好评|评论|评价|粉丝|假粉|销量)"
    r"|(?:请|找|雇|买|用)水军"
    r"|(?:写|发|编|造|批量|大量)\S{0,6}(?:假|虚假)(?:好评|评论|评价|订单)"
    r"|(?:欺骗|骗|忽悠|坑)(?:买家|顾客|消费者|粉丝|观众|用户|客户)|卖(?:假货|高仿|山寨)",
    re.IGNORECASE,
)
HARM_GUARD_BEFORE = re.compile(
    r"\b(?:stop|stopping|prevent|preventing|avoid|avoiding|protect|protecting|detect|detecting|"
    r"spot|spotting|report|reporting|deal with|dealing with|handle|handling|fight|fighting|"
    r"remove|removing|get rid of|respond to|recover|recovering|against|not|never|don't|dont|"
    r"doesn't|won't|instead of|rather than|accused|victim|is it|would it be)\b"
    r"|(?:rival|competitor|someone|somebody|they|people|he|she|others|scammers?|hackers?|"
    r"sellers?|shops?|accounts?)\s+(?:\S+\s+){0,2}$"
    r"|防|避免|不要|不想|不能|别|被|应对|识别|处理|打击|遇到|有人|对手在|同行在",
    re.IGNORECASE,
)
HARM_GUARD_ANYWHERE = re.compile(r"怎么办|what (?:can|should|do) (?:i|we) do", re.IGNORECASE)
