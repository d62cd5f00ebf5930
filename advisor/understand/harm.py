"""Requests to harm others (accounts, fake reviews, deceiving buyers), English and Chinese."""

from __future__ import annotations

import re

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
