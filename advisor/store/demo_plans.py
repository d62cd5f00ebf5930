"""The demo stores' plans: catalogue, run-of-show items and hosts whose numbers tell a story.

advisor.store.demo generates the data from these plans; the stories are checked on computed
metrics (advisor.store.demo_stories). Kept apart so that adding a store does not grow the
generator.
"""

from __future__ import annotations

from dataclasses import dataclass

OFF_TOPIC_SEGMENTS = frozenset({
    "dance challenge", "mobile game showdown", "karaoke", "celebrity gossip chat",
    "trending meme re-enactment",
    "跳舞挑战", "才艺表演：古筝弹唱", "聊明星八卦", "抽奖送苹果手机",
})


@dataclass(frozen=True)
class AnchorPlan:
    """One host: how often they stream and how their sessions tend to perform."""

    name: str
    anchor_type: str
    sessions: int
    viewers: int              # typical unique viewers per session
    conversion: float         # typical buyers / viewers
    spread: float             # session-to-session log-sd of conversion (steadiness)
    returning: float          # share of buyers who are existing customers
    repurchase: float         # share of new buyers who reorder within 60 days
    fee: float = 0.0          # fixed fee per session
    fee_roi: float = 0.0      # > 0: fee set from the session's GMV so GMV / fee ≈ this
    off_topic: int = 0        # how many of its sessions are dominated by off-topic segments
    day: int = -1             # fixed day of year (0 = Jan 1) for a one-off session
    refund: float = 0.05


@dataclass(frozen=True)
class StorePlan:
    """A demo store: catalogue, run-of-show items, hosts and the off-live customer base."""

    description: str
    seed: int
    prefix: str
    products: tuple[tuple[str, str, float], ...]   # name, category, price
    on_topic: tuple[str, ...]
    off_topic: tuple[str, ...]
    anchors: tuple[AnchorPlan, ...]
    customers: int            # customers of the off-live base
    extra_orders: float       # mean number of further off-live orders per base customer
    quantity: float = 0.1     # mean extra units per order


PLANS: dict[str, StorePlan] = {
    "demo-home-furnishing": StorePlan(
        "Home-furnishing shop (mattresses, sofas, bedding, lamps): a celebrity session with "
        "huge traffic that barely converted; dance and karaoke segments that drew crowds, not "
        "orders; an owner who converts best but rarely streams.",
        seed=20260101, prefix="HF",
        products=(("Memory-foam mattress 180x200", "Mattresses", 2899.0),
                  ("Pocket-spring mattress 150x200", "Mattresses", 1999.0),
                  ("Sofa, 3-seater linen", "Sofas", 3599.0),
                  ("Corner sofa velvet", "Sofas", 4999.0),
                  ("Cotton bedding set 4 pcs", "床上用品 Bedding", 399.0),
                  ("Silk pillowcase pair", "床上用品 Bedding", 259.0),
                  ("Down duvet winter", "床上用品 Bedding", 899.0),
                  ("Brass floor lamp", "Lamps", 699.0),
                  ("Bedside reading lamp", "Lamps", 199.0),
                  ("Rattan table lamp", "Lamps", 329.0)),
        on_topic=("unboxing the new memory-foam mattress", "mattress firmness test",
                  "sofa fabric close-up", "bedding set try-out", "lamp lighting demo",
                  "room styling tips", "Q&A on delivery and assembly"),
        off_topic=("dance challenge", "karaoke", "celebrity gossip chat"),
        anchors=(
            AnchorPlan("Zhang Min", "owner", 3, 2400, 0.030, 0.10, 0.60, 0.30),
            AnchorPlan("Xiao Li", "staff", 12, 3200, 0.015, 0.30, 0.40, 0.22, off_topic=2),
            AnchorPlan("Anna Chen", "professional", 14, 3800, 0.018, 0.04, 0.35, 0.22,
                       fee=36000.0),
            AnchorPlan("DecorDaisy", "influencer", 8, 5200, 0.011, 0.30, 0.20, 0.18,
                       off_topic=2),
            AnchorPlan("Li Xing", "celebrity", 1, 52000, 0.003, 0.0, 0.04, 0.04,
                       fee_roi=1.4, day=72, refund=0.12),
        ),
        customers=2600, extra_orders=0.3),
    "demo-chili-sauce": StorePlan(
        "Chili-sauce brand (sauces, gift boxes, noodles) with 100,000+ orders, mostly off-live "
        "repeat buyers: a costly celebrity session with weak conversion and few returning "
        "buyers; game and dance segments with traffic but no orders.",
        seed=20260202, prefix="CS",
        products=(("Classic chili oil 250g", "Chili sauce", 29.9),
                  ("Chili oil, extra hot 500g", "Chili sauce", 49.9),
                  ("Garlic chili crisp 210g", "Chili sauce", 26.9),
                  ("Fermented bean chili paste", "Chili sauce", 32.9),
                  ("Sichuan pepper oil 200ml", "Chili sauce", 35.9),
                  ("Spring Festival gift box", "礼盒 Gift boxes", 168.0),
                  ("Hot-pot lovers gift box", "礼盒 Gift boxes", 128.0),
                  ("Dan dan noodles 5 packs", "Noodles", 39.9),
                  ("Hot and sour noodles 6 packs", "Noodles", 36.9),
                  ("Chili noodle combo", "Noodles", 79.9)),
        on_topic=("chili oil tasting", "辣椒油试吃 chili oil tasting", "cooking noodles with "
                  "chili sauce", "gift box unboxing", "factory tour: how the sauce is made",
                  "recipe: dan dan noodles", "Q&A on spice levels"),
        off_topic=("mobile game showdown", "dance challenge", "trending meme re-enactment"),
        anchors=(
            AnchorPlan("Old Wang", "owner", 4, 3000, 0.032, 0.10, 0.62, 0.40),
            AnchorPlan("Xiao Zhou", "staff", 30, 3800, 0.020, 0.30, 0.45, 0.35, off_topic=3),
            AnchorPlan("Xiao Qian", "staff", 24, 3600, 0.019, 0.30, 0.45, 0.35),
            AnchorPlan("Host Gao", "professional", 40, 5000, 0.022, 0.04, 0.40, 0.33,
                       fee=3500.0),
            AnchorPlan("SpicyQueen", "influencer", 16, 7000, 0.014, 0.30, 0.22, 0.25,
                       off_topic=3),
            AnchorPlan("Chen Hao", "celebrity", 1, 58000, 0.0035, 0.0, 0.05, 0.06,
                       fee_roi=1.3, day=45, refund=0.10),
        ),
        customers=26000, extra_orders=2.75, quantity=0.4),
    "demo-cosmetics": StorePlan(
        "Cosmetics boutique (skincare, makeup): here the celebrity session paid off (high "
        "GMV per fee, decent repurchase); gossip and karaoke segments still hurt conversion.",
        seed=20260303, prefix="CO",
        products=(("Hydrating serum 30ml", "Skincare", 289.0),
                  ("Barrier repair cream 50ml", "Skincare", 329.0),
                  ("Gentle cleanser 150ml", "Skincare", 129.0),
                  ("Sunscreen SPF50, light 50ml", "Skincare", 159.0),
                  ("Vitamin C essence", "护肤 Skincare", 359.0),
                  ("Cushion foundation", "Makeup", 239.0),
                  ("Matte lipstick set", "Makeup", 199.0),
                  ("Eyeshadow palette 12", "Makeup", 269.0),
                  ("Brow pencil", "Makeup", 89.0),
                  ("Setting spray", "Makeup", 149.0)),
        on_topic=("skincare routine demo", "foundation shade matching",
                  "serum ingredients explained", "makeup tutorial: everyday look",
                  "before/after moisturizer test", "Q&A on skin types"),
        off_topic=("celebrity gossip chat", "karaoke", "dance challenge"),
        anchors=(
            AnchorPlan("Mia Sun", "owner", 3, 2600, 0.034, 0.10, 0.58, 0.40),
            AnchorPlan("Yuki", "staff", 14, 3400, 0.018, 0.30, 0.42, 0.32, off_topic=2),
            AnchorPlan("Grace Ho", "professional", 16, 4200, 0.021, 0.04, 0.36, 0.30,
                       fee=8000.0),
            AnchorPlan("GlowWithLily", "influencer", 10, 6000, 0.013, 0.30, 0.22, 0.24,
                       off_topic=2),
            AnchorPlan("Lan Xi", "celebrity", 1, 46000, 0.011, 0.0, 0.12, 0.30,
                       fee_roi=5.5, day=80, refund=0.08),
        ),
        customers=6000, extra_orders=1.2),
    # The Chinese store (issue 9): Chinese products, hosts and run-of-show. A draw of the
    # store's own tea is interaction (on-topic); a draw of a phone buys traffic (off-topic).
    "演示-茶叶店": StorePlan(
        "Tea shop whose data is in Chinese (茶叶店: green, oolong, pu'er and white tea, "
        "teaware): the owner converts best but streams rarely; a professional host is steady "
        "and costly; a celebrity session drew huge traffic and barely converted; dance, "
        "talent-show, gossip and phone-prize segments drew crowds, not orders.",
        seed=20260404, prefix="ZH",
        products=(("西湖龙井 明前特级 100g", "绿茶", 398.0),
                  ("碧螺春 250g", "绿茶", 228.0),
                  ("安溪铁观音 浓香型 250g", "乌龙茶", 168.0),
                  ("武夷大红袍 200g", "乌龙茶", 298.0),
                  ("云南普洱茶饼 357g", "普洱茶", 258.0),
                  ("福鼎白茶 白牡丹 200g", "白茶", 218.0),
                  ("茉莉花茶 50g", "花茶", 68.0),
                  ("青瓷盖碗套装", "茶具", 189.0),
                  ("宜兴紫砂壶", "茶具", 599.0),
                  ("龙井+白茶, 双拼礼盒", "礼盒", 498.0)),
        on_topic=("现场冲泡龙井，讲讲水温", "新茶品鉴：今年的铁观音", "普洱茶在家怎么存放",
                  "盖碗套装开箱", "连线茶园，看采茶", "用盖碗示范出汤", "抽奖送龙井试饮装",
                  "答疑：喝茶会不会影响睡眠"),
        off_topic=("跳舞挑战", "才艺表演：古筝弹唱", "聊明星八卦", "抽奖送苹果手机"),
        anchors=(
            AnchorPlan("林秀兰", "owner", 3, 2200, 0.032, 0.10, 0.62, 0.36),
            AnchorPlan("小周", "staff", 12, 3000, 0.016, 0.30, 0.42, 0.26, off_topic=2),
            AnchorPlan("阿杰", "professional", 14, 3600, 0.019, 0.04, 0.36, 0.26,
                       fee=12000.0),
            AnchorPlan("茶艺师小美", "influencer", 8, 5000, 0.012, 0.30, 0.22, 0.2,
                       off_topic=2),
            AnchorPlan("顾星辰", "celebrity", 1, 48000, 0.0032, 0.0, 0.04, 0.05,
                       fee_roi=1.4, day=66, refund=0.12),
        ),
        customers=3000, extra_orders=1.1),
}
