"""Phrase lists (en + zh) for intents, constraints, follow-ups and the merchant's details."""

from __future__ import annotations

import re

from advisor.understand.lexicon import ENTERTAINMENT, TOPIC_PATTERNS


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Intents, tried in this order; the first that matches wins (DESIGN §11).
INTENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("define", _rx(r"^\s*what(?:'s| is| does| do)\s+(?:an? |the )?[\w-]{2,20}\s+(?:mean|stand for)|"
                   r"\bwhat (?:is|are) (?:an? )?(?:gpm|gmv|aov|roi|conversion rate|kol|cpc)\b|"
                   r"\bmeaning of\b|\bdefine\b|是什么意思|什么是|指什么")),
    ("lookup", _rx(r"\bhow much did (?:we|i)\b|\bhow many .{0,30}\bdid (?:we|i)\b|"
                   r"\bwhich (?:product|item|sku)s? (?:sold|sells|did) (?:best|most)\b|"
                   r"\bbest[- ]selling\b|\bhow did (?:our|my|the) .{0,40}(?:go|do)\b|"
                   r"上个?月.{0,6}(卖了|销量|成交)|哪个(商品|产品)卖得(最好|最多)")),
    ("instead", _rx(r"\binstead\b|\bwhat else\b|\balternatives?\b|\bplan b\b|"
                    r"\bif not\b.{0,20}\bthen\b|"
                    r"那(该|要)?怎么办|还能做什么|替代|不然呢|换什么")),
    ("why", _rx(r"^\s*(?:and |but |so )?(?:why|how come)\b|为什么|为啥|凭什么")),
    ("quantity", _rx(r"^\s*(?:and |but |so )?(?:how (?:long|often|much|many|big|soon)|when)\b|"
                     r"多久|多长时间|多少钱|几次|几点|几个小时|多少")),
    ("choose", _rx(r"\bversus\b|\bvs\.?\b|\bcompare\b|"
                   r"\b(?:better|rather)\b.{0,40}\bthan\b|"
                   r"^\s*(?:should|shall|do|would|can) (?:i|we)\b.{2,60}\bor\b.{2,60}|"
                   r"\bor\b(?! not\b)[^?.!]{2,60}\?|还是")),
    ("yes_no", _rx(r"^\s*(?:and |but |so )?(?:should|shall|must|do (?:i|we) need|would it|is it|"
                   r"was it|were they|is (?:she|he|that|this|a|an|the|our|my)|are (?:they|these|"
                   r"celebrit|stars?)|was (?:she|he|that|this|the|our|my)|does it|can (?:i|we)|"
                   r"will (?:it|a|an|this)|do (?:celebrit|stars?|fans|viewers|customers)|"
                   r"is there any (?:point|use))\b|\bworth (?:it|the|paying|hiring|booking)\b|"
                   r"\b(?:should|shall) (?:i|we|she|he|they)\b|\bdoes (?:our|my|the) \w+ "
                   r"(?:need|have) to\b|\bdoes (?:our|my|the) \w+ need\b|"
                   r"要不要|值得|值不值|该不该|"
                   r"是否|能不能|可以吗|好吗|行吗|吗[？?]?\s*$")),
    ("how", _rx(r"^\s*(?:and |but |so )?how (?:do|can|should|would|to|could)\b|\bhow to\b|"
                r"\b(?:tips|steps|ways to|best way)\b|怎么|如何|怎样")),
)

# "What is X?", "what does X stand for", "X是什么意思": with a metric named, a definition.
DEFINE_LEAD = _rx(r"^\s*what(?:'s| is| are| does| do)\b|\bmean(s|ing)?\b|stand for|是什么|什么意思|"
                  r"指什么|怎么算")
# "What is a good conversion rate?" asks for a benchmark, not a definition.
# "What's our repurchase rate?" asks for the store's number, not a definition.
BENCHMARK = _rx(r"\b(good|normal|average|typical|healthy|benchmark|industry|our|my|we|us)\b|"
                r"多少算|正常|我们的|我的")
# Follow-ups: a turn that starts like this leans on the conversation so far.
FOLLOWUP_START = _rx(
    r"^(?:(and|but|so|also|what about|how about|what if|then|ok(ay)?|why|how come|really|"
    r"same|is that|does that|would that|and if|instead)\b|那|如果|要是|可是|但是|为什么|还有)")
# "Does that work for furniture?" points back; "Is it worth…" is a dummy "it".
POINTS_BACK = _rx(r"^\s*(((does|do|is|would|will|can|could|should)\s+)?(that|this|those)"
                  r"|(does|would|will|can|could)\s+it)\b")
# A short turn (this many words or fewer) after a conversation is read with it.
SHORT_TURN_WORDS = 8
SHORT_TURN_CJK = 12

# Constraints the merchant states about their situation.
NO_TIME = _rx(r"\b(no|little|not much|not enough|don'?t have( the)?|short on|limited) time\b|"
              r"\b(too )?busy\b|\bonly (stream|go live|do it|have time)\b.*\b(month|week)\b|"
              r"没时间|没空|时间(不够|有限|少)|太忙")
PER_MONTH = _rx(r"\b(once|twice|one|two|three|four|\d+)\s*(times?|streams?|sessions?|shows?)?"
                r"\s*(a|per|each)\s+month\b|一个月.{0,4}([一两二三四1-4])次")
SHY = _rx(r"\b(shy|camera[- ]shy|stage fright|nervous|awkward|freeze|not good on (camera|cam)|"
          r"hate being on camera|not (a )?natural|never (streamed|been on camera|done a live))\b|"
          r"不(太)?敢上镜|怕上镜|上镜.{0,2}紧张|紧张|社恐|没播过|从来没直播")
# Someone other than the merchant as the subject of a clause ("my sister has never streamed").
THIRD_PERSON = _rx(r"\b(she|he|they|her|him|my (sister|brother|wife|husband|cousin|daughter|son|"
                   r"mum|mom|dad|friend|partner|staff|employee|assistant)|our (staff|host|"
                   r"employee|assistant|team)|the (host|streamer|presenter))\b|她|他|妹妹|姐姐|"
                   r"哥哥|弟弟|老婆|老公|员工|店员|主播")
TIGHT = _rx(r"\b(tight|small|limited|low|modest|no) budget\b|\bcan'?t afford\b|\bno money\b|"
            r"\bcheap(ly)?\b|\bonly (have|got)\b.{0,12}\d|预算(有限|不多|紧|少|很少)|没钱|没预算|"
            r"只有.{0,6}\d")
BIG = _rx(r"\b(big|large|generous|healthy|plenty of|huge) budget\b|\bmoney is(n'?t| not) "
          r"(a|an) (problem|issue)\b|预算(充足|充裕|多)|不差钱")
BUDGET_AMOUNT = _rx(r"(?:budget|预算)[^\d¥$]{0,20}[¥$￥]?\s*(\d[\d,]*(?:\.\d+)?)\s*(k\b|万)?|"
                    r"[¥$￥]\s*(\d[\d,]*(?:\.\d+)?)\s*(k\b|万)?\s*(?:a|per|each|/)\s*"
                    r"(?:show|stream|session)")
NO_STAFF = _rx(r"\b(no one|nobody|no-one|no) (on|in) ((my|our|the) )?(staff|team)\b|"
               r"\bno (staff|employees)\b|\b(one-person|one-man|one-woman|solo) (shop|store|"
               r"business)\b|\bon my own\b|\bsingle-handedly\b|没有员工|没员工|就我一个人")
HOST_LEFT = _rx(r"\b(host|anchor|streamer|presenter)\b.{0,20}\b(quit|left|resigned|walked (out|"
                r"away))\b|主播(走了|离职|辞职|跑了)")
LONG_TERM = _rx(r"\blong[- ]term\b|\bfor years\b|\bstable host\b|长期")
ALREADY_TRIED = _rx(r"\balready (tried|did|done|paid|booked|hired)\b|\b(we|i) tried\b|"
                    r"\btried (it|that|this)\b|\bdidn'?t work\b|\bdid not work\b|"
                    r"试过|已经(请|做|播)过|没用|没效果")
WORD_NUMBERS = {"once": 1, "one": 1, "twice": 2, "two": 2, "three": 3, "four": 4, "一": 1,
                "两": 2, "二": 2, "三": 3, "四": 4}

# The merchant's details.
MONEY = _rx(r"(?P<cur>[¥￥$])\s*(?P<n1>\d[\d,]*(?:\.\d+)?)\s*(?P<m1>k\b|w\b|万|千)?|"
            r"(?P<n2>\d[\d,]*(?:\.\d+)?)\s*(?P<m2>k\b|w\b|万|千)?\s*(?P<unit>yuan|rmb|元|块|dollars)|"
            r"(?P<n3>\d[\d,]*(?:\.\d+)?)\s*(?P<m3>k|万)(?=\s|$|[^\w])")
COUNT = _rx(r"(?P<n>\d[\d,]*)\s*(?P<what>boxes|box|orders?|units?|pieces|pcs|sessions?|streams?|"
            r"viewers|buyers|followers|fans|bottles|bags|jars|个|单|件|盒|场|次|瓶|袋)")
DURATION = _rx(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>hours?|hrs?|minutes?|mins?|days?|weeks?|"
               r"months?|小时|分钟|天|周|个月)")
PEOPLE = _rx(r"\b(my|our) (sister|brother|wife|husband|mother|mum|mom|dad|father|son|daughter|"
             r"friend|cousin|partner|employee|assistant|staff member)\b|姐姐|妹妹|哥哥|弟弟|老婆|"
             r"老公|妈妈|爸爸|朋友|员工|店员")
PLATFORMS = _rx(r"\b(douyin|taobao|tmall|tiktok|kuaishou|xiaohongshu|wechat channels?|"
                r"pinduoduo)\b|抖音|淘宝|天猫|快手|小红书|视频号|拼多多")
PRODUCT = _rx(r"\b(?:i|we) (?:sell|make|run a shop selling|have a shop selling|stock)\s+"
              r"(?!(?:myself|ourselves|it|them|everything|all|online|live|well|more|less)\b)"
              r"(?P<what>[a-z][a-z' -]{2,30}?)(?=[,.;!?]| and | on | through | but |$)|"
              r"\b(?:my|our) (?P<shop>[a-z][a-z' -]{2,25}?) (?:shop|store|brand|stall|business)\b|"
              r"(?:我|我们)(?:是)?(?:卖|做)(?P<zh>[\u4e00-\u9fff]{1,8}?)(?:的|，|,|。|$)")
# "and for a snack shop?" -> "a snack shop": the new situation a follow-up names.
CONTEXT_LEAD = _rx(r"^\s*(?:and|but|so|also|ok(?:ay)?|then)?\s*"
                   r"(?:what about|how about|and for|for)\s+(?:for\s+)?(.+?)[\s?.!]*$")
# The two options of a "choose" question: "X or Y", "X versus Y", "X还是Y".
OPTIONS = _rx(r"(?:should|shall|do|would|can|could) (?:i|we)\s+(?P<a>.{2,80}?)\s*,?\s+or\s+"
              r"(?:should (?:i|we)\s+)?(?P<b>.{2,80}?)\s*[?.!]|"
              r"(?P<c>[\w' ]{2,40}?)\s+(?:or|versus|vs\.?)\s+(?P<d>[\w' ]{2,40}?)\s*"
              r"(?:[?.!,;:—–]|\s-\s|$)|"
              r"(?P<e>[\u4e00-\u9fff\w]{1,12}?)还是(?P<f>[\u4e00-\u9fff\w]{1,12}?)(?:[?？好呢吗]|$)")
# Who-should-host and should-I-host questions.
HOST_CHOICE = _rx(r"\bwho\b.{0,40}\b(host|present|stream|front|run|go live|be on camera)|"
                   r"\bwho'?s\b.{0,40}\b(selling|converting|best)|"
                   r"\b(myself|me|owner|i)\b.{0,40}\bor\b.{0,40}\b(pro|professional|paid|hire|"
                   r"staff|influencer|streamer|someone)|\bwhich (host|anchor|presenter)\b|"
                   r"\bshould (i|we) (host|present|stream|be the host|go live)\b|"
                   r"\bshould (i|we) (hire|sign|train|use|work with|partner)\b.{0,40}\b(host|"
                   r"anchor|streamer|presenter|influencer)|"
                   r"\bshould (my|our) [\w ]{2,20}\b(host|present|stream|go live|be the host)\b|"
                   r"\bshould (she|he|they) (host|present|stream|go live|be the host|front)\b|"
                   r"(她|他|他们)(来|去)?(播|当主播|做主播)|请(个|一个)?专业主播|签(个|一个)?主播|谁来播|谁播|谁来直播|谁当主播|还是请|自己播")
# The host options, as merchants name them (first match wins).
HOST_NAMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("celebrity", _rx(r"celebrit|\bcelebs?\b|\bstars?\b|famous|\bsingers?\b|\bactors?\b|"
                      r"\bactress|\bidols?\b|明星|歌手|演员|偶像")),
    ("influencer", _rx(r"influencer|\bkols?\b|\bexperts?\b|creator|blogger|达人|网红|博主")),
    ("professional", _rx(r"professional|\bpros?\b|\bsigned\b|\bagency\b|"
                         r"\b(hire|hiring|sign|signing|pay|paying)\b.{0,12}\b(host|anchor|"
                         r"streamer|presenter)|专业主播|请主播|签主播")),
    ("staff", _rx(r"\bstaff\b|employee|team member|assistant|shop (girl|boy|worker)|"
                  r"\bmy (sister|brother|wife|husband|cousin|daughter|son)\b|员工|店员|"
                  r"姐姐|妹妹|哥哥|弟弟")),
    ("owner", _rx(r"\bmyself\b|\bme\b|\bthe owner\b|\bi (host|do it|present|go live)\b|"
                  r"\bourselves\b|自己|老板|店主")),
)
# A question that asks whether NOT to do something ("should I stop…", "is it bad to…").
NEGATED = _rx(r"\b(should|shall) (i|we) (not|stop|avoid|skip|drop|quit|never|cut)\b|"
              r"\bis it (bad|wrong|a mistake|risky|pointless|a waste)\b|\bshouldn'?t\b|"
              r"(?<!要)不要|别再|不该|停掉|放弃")
# "Was it worth it", "did it pay off", "should we rebook her".
WORTH = _rx(r"\bworth\b|\bpa(y|id) (off|back|for itself)|\brebook|\b(book|hire|invite) "
            r"(her|him|them) again|\bmake money\b|\blos[te] money\b|值得|值不值|划算|回本|亏")
YES_NO = dict(INTENTS)["yes_no"]
# "How are we doing overall?", "整体来看怎么样": the store's big picture, not one subject.
OVERVIEW = _rx(r"\boverall\b|big picture|how (are|is) (we|our|my) [\w ]{0,30}doing|整体|总体|"
               r"总的来说|整个店")
# "Is she worth booking again?", "should we rebook them": a guest already booked once.
REBOOK = _rx(r"\brebook|\b(book|hire|invite|bring)\w* (her|him|them)? ?(back|again)\b|"
             r"\b(book|hire|invite)\w* (her|him|them)\b.{0,20}\bagain\b|再请|再约|还请")
# A question about one of the merchant's own past sessions ("was our celebrity session worth
# it?"): judged on that session's numbers, never with a flat yes or no from the guidance.
PAST_OWN = _rx(r"\b(was|were|did)\b.{0,30}\b(our|my|that|the last|last)\b|"
               r"\b(our|my) last\b|我们那场|我们上次|上次那场|那场.{0,10}(值|回本|划算)")
# Subjects the guidance cautions against adding to a stream, by the topic of the lead card.
CAUTIONED: dict[str, re.Pattern[str]] = {
    "celebrity": _rx("|".join(TOPIC_PATTERNS["celebrity"])),
    "off_topic": _rx(ENTERTAINMENT + r"|\bviral\b|\btrend|\bmemes?\b|hot ?spots?|热点|梗|"
                     # a draw whose prize the store does not sell (a phone, cash)
                     r"(抽奖|福袋|giveaway|lucky draw).{0,8}(手机|现金|红包|iphone|phone|cash)"),
}
