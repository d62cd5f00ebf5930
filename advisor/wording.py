"""The fixed words of an answer in English and Chinese: labels, notes, verdicts, refusals."""

from __future__ import annotations

# Every key exists in both languages (a unit test checks); Chinese is written natively.
WORDS: dict[str, dict[str, str]] = {
    "recommendation": {"en": "**My recommendation:** ", "zh": "**我的建议：**"},
    "in_short": {"en": "**In short:** ", "zh": "**简单说：**"},
    "general_advice": {"en": "**The general advice:** ", "zh": "**一般情况下的建议：**"},
    "for_context": {"en": "**For {context}:{verdict}** ", "zh": "**就{context}来说：{verdict}**"},
    "your_product": {"en": "your {product}", "zh": "你的{product}"},
    "why": {"en": "**Why.**", "zh": "**原因。**"},
    "why_works": {"en": "**Why this works.**", "zh": "**为什么这样做有效。**"},
    "steps": {"en": "**Steps**", "zh": "**具体步骤**"},
    "next_steps": {"en": "**Next steps**", "zh": "**下一步**"},
    "what_to_do": {"en": "**What to do about it.**", "zh": "**该怎么做。**"},
    "avoid": {"en": "**Avoid:** ", "zh": "**避免：**"},
    "check_numbers": {"en": "**Check it against your own numbers.** ",
                      "zh": "**拿你自己的数据核对一下。**"},
    "in_your_store": {"en": "**In your store.** ", "zh": "**你店里的数据。**"},
    "options_side_by_side": {"en": "**The options side by side**", "zh": "**几种主播方案对比**"},
    "ratings_from": {"en": "_Ratings from the host guidance {sources}._",
                     "zh": "_评分依据主播相关的建议 {sources}。_"},
    "low_confidence": {
        "en": "_None of my guidance covers this question directly; this is the closest advice "
              "I have._",
        "zh": "_我的建议里没有直接回答这个问题的内容；下面是最接近的一条。_"},
    "gap": {
        "en": "_My guidance doesn't cover {subject}, so I won't guess at it; this is the closest "
              "advice I have._",
        "zh": "_我的建议不涉及{subject}，这方面我不瞎猜；下面是最接近的一条。_"},
    "ignored": {
        "en": "_Your message contained instructions addressed to me; I treated them as text and "
              "answered the question itself._",
        "zh": "_你的消息里有写给我的指令；我把它们当作普通文字，只回答了问题本身。_"},
    "no_guidance": {
        "en": "I don't have guidance on that yet. I can help with choosing a live host, "
              "celebrity guests, keeping streams on-topic, product fit, fan interaction and "
              "repeat customers.",
        "zh": "这个问题我还没有相关的建议。我能帮你的是：选主播、要不要请明星、直播内容不跑题、"
              "什么产品适合直播、和粉丝互动，以及老客复购。"},
    "out_of_scope": {
        "en": "That's outside what I can help with. I'm a live-commerce advisor: ask me about "
              "choosing a host for your live streams, whether a celebrity guest is worth it, "
              "keeping your streams on-topic, which products suit live selling, engaging "
              "viewers, winning repeat customers, or how your own store's live sessions "
              "performed.",
        "zh": "这超出了我能帮忙的范围。我是直播带货顾问：可以问我怎么选主播、请明星值不值、"
              "直播怎么不跑题、哪些产品适合直播、怎么和观众互动、怎么做老客复购，"
              "或者你店里各场直播的表现。"},
    "role": {
        "en": "I can't change my role or share my instructions or any keys. I'm here to advise "
              "on selling through live streams: choosing a host, celebrity guests, staying "
              "on-topic, product fit, fan interaction and repeat customers. What would you like "
              "to know about those?",
        "zh": "我不能改变自己的角色，也不能透露我的指令或任何密钥。我在这里是为直播带货出主意的："
              "选主播、请明星、内容不跑题、产品是否适合直播、粉丝互动和老客复购。"
              "这些方面你想了解什么？"},
    "harm": {
        "en": "I won't help with that: breaking into someone else's account, faking reviews or "
              "orders, and deceiving buyers harm other people and break the platforms' rules "
              "(and often the law). I'm glad to help you win viewers and buyers honestly: "
              "choosing a host, keeping streams on-topic, engaging fans or earning repeat "
              "customers.",
        "zh": "这个我不能帮忙：盗用或攻击别人的账号、刷单刷评、欺骗买家，都会伤害他人，也违反平台"
              "规则，往往还触犯法律。我很乐意帮你用正当的方法赢得观众和买家：选主播、让直播不跑题、"
              "和粉丝互动、提高复购。"},
    # Verdict labels: the words the first sentence opens with.
    "yes": {"en": "Yes —", "zh": "建议这样做——"},
    "no": {"en": "No —", "zh": "不建议——"},
    "worth_yes": {"en": "Yes —", "zh": "值得——"},
    "worth_no": {"en": "No —", "zh": "不值得——"},
    "worth_revenue": {"en": "Yes, on revenue —", "zh": "按成交额算，值得——"},
    "worth_if_return": {"en": "Only if its buyers come back —", "zh": "要看这些买家会不会回购——"},
    "only_if_margin": {"en": "Only if the margin on {sold} beat the {fee} fee —",
                       "zh": "只有{sold}的毛利超过{fee}的费用，才算值得——"},
    "worth_if_margin": {"en": "Only if its margin beat its fee —",
                        "zh": "要看这场的毛利有没有超过它的费用——"},
    "what_it_sold": {"en": "what it sold", "zh": "卖出的货"},
    "those_sold": {"en": "those {count}", "zh": "这{count}"},
    "go_with": {"en": "Go with {option} —", "zh": "选{option}——"},
}

# The register of subjects the guidance does not cover (understand/lexicon.py), in Chinese.
GAP_SUBJECTS_ZH: dict[str, str] = {
    "discount levels and pricing": "折扣力度和定价",
    "which platform to choose": "选哪个平台",
    "how long a session should run": "一场直播该播多久",
    "how often to stream": "多久播一次",
    "the time of day to go live": "几点开播",
    "how long training a host takes": "培养一个主播要多久",
    "legal, tax and licence questions": "法律、税务和资质问题",
    "ad bidding and paid-traffic budgets": "投流出价和付费流量预算",
    "product photography and packaging": "产品拍摄和包装",
    "returns, shipping and logistics": "退货、发货和物流",
    "search titles and listings": "搜索标题和商品详情",
    "studio equipment and set design": "直播设备和布景",
    "handling trolls and abusive comments": "应对黑粉和恶意评论",
}


def say(key: str, lang: str = "en", **fmt: object) -> str:
    """The words for `key` in `lang` (English where the language is not zh), formatted."""
    text = WORDS[key]["zh" if lang == "zh" else "en"]
    return text.format(**fmt) if fmt else text


def gap_subject(subject: str, lang: str = "en") -> str:
    """The uncovered subject as the answer names it."""
    return GAP_SUBJECTS_ZH.get(subject, subject) if lang == "zh" else subject


def join_sentences(sentences: list[str], lang: str = "en") -> str:
    """Sentences as prose: a space after an English sentence, none after a Chinese one (an
    English card sentence inside a Chinese answer keeps its space)."""
    kept = [s for s in sentences if s]
    return "".join(s if s.endswith(_ZH_END) else s + " " for s in kept).rstrip()


_ZH_END = ("。", "！", "？", "”", "」")
