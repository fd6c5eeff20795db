"""Countries and regions people pick on their profile (ISO 3166-1 alpha-2 codes, names in
both languages). The conference's usual participants first; any other valid code is still
accepted through the API (accounts.services.update_profile)."""

from __future__ import annotations

from accounts.i18n import localized

COUNTRIES: list[tuple[str, str, str]] = [
    ("CN", "中国", "China"),
    ("HK", "中国香港", "Hong Kong, China"),
    ("MO", "中国澳门", "Macao, China"),
    ("TW", "中国台湾", "Taiwan, China"),
    ("US", "美国", "United States"),
    ("GB", "英国", "United Kingdom"),
    ("DE", "德国", "Germany"),
    ("FR", "法国", "France"),
    ("JP", "日本", "Japan"),
    ("KR", "韩国", "Korea"),
    ("SG", "新加坡", "Singapore"),
    ("AU", "澳大利亚", "Australia"),
    ("CA", "加拿大", "Canada"),
    ("RU", "俄罗斯", "Russia"),
    ("IN", "印度", "India"),
    ("IT", "意大利", "Italy"),
    ("ES", "西班牙", "Spain"),
    ("NL", "荷兰", "Netherlands"),
    ("SE", "瑞典", "Sweden"),
    ("CH", "瑞士", "Switzerland"),
    ("IL", "以色列", "Israel"),
    ("MY", "马来西亚", "Malaysia"),
    ("TH", "泰国", "Thailand"),
    ("VN", "越南", "Vietnam"),
    ("ID", "印度尼西亚", "Indonesia"),
    ("PK", "巴基斯坦", "Pakistan"),
    ("KZ", "哈萨克斯坦", "Kazakhstan"),
    ("AE", "阿联酋", "United Arab Emirates"),
    ("SA", "沙特阿拉伯", "Saudi Arabia"),
    ("EG", "埃及", "Egypt"),
    ("ZA", "南非", "South Africa"),
    ("NG", "尼日利亚", "Nigeria"),
    ("BR", "巴西", "Brazil"),
    ("MX", "墨西哥", "Mexico"),
    ("AR", "阿根廷", "Argentina"),
    ("NZ", "新西兰", "New Zealand"),
]
NAMES = {code: (zh, en) for code, zh, en in COUNTRIES}

LANGUAGES: list[tuple[str, str, str]] = [
    ("zh", "中文", "Chinese"),
    ("en", "英语", "English"),
    ("ja", "日语", "Japanese"),
    ("ko", "韩语", "Korean"),
    ("fr", "法语", "French"),
    ("de", "德语", "German"),
    ("es", "西班牙语", "Spanish"),
    ("ru", "俄语", "Russian"),
    ("ar", "阿拉伯语", "Arabic"),
    ("pt", "葡萄牙语", "Portuguese"),
    ("it", "意大利语", "Italian"),
]
LANGUAGE_NAMES = {code: (zh, en) for code, zh, en in LANGUAGES}


def country_name(code: str) -> str:
    names = NAMES.get(code or "")
    return localized(*names) if names else (code or "")


def language_name(code: str) -> str:
    names = LANGUAGE_NAMES.get(code or "")
    return localized(*names) if names else (code or "")


def country_choices() -> list[tuple[str, str]]:
    return [(code, localized(zh, en)) for code, zh, en in COUNTRIES]


def language_choices() -> list[tuple[str, str]]:
    return [(code, localized(zh, en)) for code, zh, en in LANGUAGES]
