"""The store data contract (DESIGN §4): tables, columns, aliases, kinds, and the loaded form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where data is handled, not at package import
    import pandas as pd

ANCHOR_TYPES = ("owner", "staff", "professional", "influencer", "celebrity")
# Chinese (and a few English) spellings accepted for anchor_type, mapped to the canonical value.
ANCHOR_TYPE_ALIASES: dict[str, str] = {
    "店主": "owner", "老板": "owner", "员工": "staff", "专业主播": "professional",
    "达人": "influencer", "网红": "influencer", "明星": "celebrity",
    "store owner": "owner", "pro": "professional", "kol": "influencer",
}
# The source of a demo store; earlier versions wrote the other two.
DEMO_SOURCE = "demo"
_LEGACY_DEMO_SOURCES = frozenset({"advisor demo install", "demo stores (Store page)"})
# Ranges (DESIGN §4): money per cell and counts up to a billion; dates within this century
# and the next (datetime64[ns] reaches only 1677-2262, and no shop sold live in 1000 or 9999).
MAX_NUMBER = 1e9
FIRST_DATE = "2000-01-01"
LAST_DATE = "2100-12-31"
TRUE_WORDS = frozenset({"true", "1", "yes", "y", "是", "t"})
FALSE_WORDS = frozenset({"false", "0", "no", "n", "否", "f", ""})


@dataclass(frozen=True)
class Column:
    """One column: canonical name, accepted header aliases, value kind, and constraints.

    kinds: text, id (text kept verbatim, e.g. leading zeros), money, int, number,
    datetime, anchor_type, list (';'-separated), bool.
    """

    name: str
    kind: str
    required: bool
    aliases: tuple[str, ...] = ()
    positive: bool = False  # > 0 instead of >= 0 (numbers)
    minimum: float | None = 0.0  # numbers below this are rejected; None = no bound
    maximum: float | None = MAX_NUMBER  # numbers above this are rejected; None = no bound
    unique: bool = False
    default: object = None


PRODUCTS = (
    Column("sku", "id", True, ("商品ID", "商品编码"), unique=True),
    Column("name", "text", True, ("商品名称",)),
    Column("category", "text", True, ("类目", "商品类目")),
    Column("price", "money", True, ("价格", "售价")),
    Column("cost", "money", False, ("成本",)),
    Column("stock", "int", False, ("库存",)),
    Column("description", "text", False, ("描述",)),
)
LIVE_SESSIONS = (
    Column("session_id", "id", True, ("场次ID", "直播ID"), unique=True),
    Column("date", "datetime", True, ("日期", "开播时间")),
    Column("duration_min", "number", True, ("直播时长(分钟)", "直播时长（分钟）"), minimum=1,
           maximum=24 * 60),
    Column("anchor", "text", True, ("主播",)),
    Column("anchor_type", "anchor_type", True, ("主播类型",)),
    Column("viewers", "int", True, ("观看人数",)),
    Column("peak_viewers", "int", False, ("最高在线人数",)),
    Column("avg_watch_sec", "number", False, ("人均观看时长(秒)", "人均观看时长（秒）"),
           maximum=24 * 60 * 60),
    Column("new_followers", "int", False, ("新增粉丝数",)),
    Column("product_clicks", "int", False, ("商品点击人数",)),
    Column("fee", "money", False, ("坑位费", "主播费用")),
    Column("featured_skus", "list", False, ("讲解商品",)),
    Column("segments", "list", False, ("直播环节",)),
)
ORDERS = (
    Column("order_id", "id", True, ("订单号",), unique=True),
    Column("customer_id", "id", True, ("买家ID", "用户ID")),
    Column("order_time", "datetime", True, ("下单时间", "支付时间")),
    Column("sku", "id", True, ("商品ID",)),
    Column("quantity", "int", False, ("数量",), minimum=1, default=1),
    Column("amount", "money", True, ("实付金额", "成交金额")),
    Column("session_id", "id", False, ("场次ID",)),
    Column("refunded", "bool", False, ("是否退款",), default=False),
)
TABLES: dict[str, tuple[Column, ...]] = {
    "products": PRODUCTS,
    "live_sessions": LIVE_SESSIONS,
    "orders": ORDERS,
}


@dataclass(frozen=True)
class StoreData:
    """A store's three tables as pandas DataFrames with the canonical column names.

    Dtypes after import: id/text/list columns are str (missing text ""; missing optional
    session_id in orders is "" = not from a live session); money/number float64 (missing
    optional → NaN); int columns int64 (missing optional → NaN-able "Int64"); datetime
    columns datetime64[ns]; refunded bool; quantity int64 (default 1).
    """

    products: pd.DataFrame
    live_sessions: pd.DataFrame
    orders: pd.DataFrame
    currency: str = "¥"


def is_demo_source(source: str) -> bool:
    return source == DEMO_SOURCE or source in _LEGACY_DEMO_SOURCES


@dataclass(frozen=True)
class StoreInfo:
    """One stored store, as listed."""

    name: str
    products: int
    sessions: int
    orders: int
    imported_at: str
    source: str

    @property
    def is_demo(self) -> bool:
        return is_demo_source(self.source)
