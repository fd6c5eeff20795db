"""The demo exhibition: the plan's (附件2) eight zones, the nine regional boards of
区域协调发展展示专区, and demo exhibitors enough to fill the street.

Government bodies are those the plan names as hosts (承办); enterprises and institutes
are invented for the demo.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

HALL = {
    "slug": "ciec-2022",
    "name": "第二十届中国国际人才交流大会网上虚拟展厅",
    "name_en": "20th China International Talent Exchange Conference — Virtual Exhibition",
    # 网上大会参展报名截止日期为 2022 年 5 月 10 日 (to the end of that day, Beijing time).
    "applications_close_at": datetime(2022, 5, 10, 23, 59, 59, tzinfo=ZoneInfo("Asia/Shanghai")),
}

# (slug, code, name, name_en)
ZONES = [
    ("most", "A", "科技部展示专区", "Ministry of Science and Technology Zone"),
    ("regional", "B", "区域协调发展展示专区", "Coordinated Regional Development Zone"),
    ("central-soe", "C", "中央企业科技创新成果展示专区", "Central SOEs' Sci-Tech Innovation Achievements Zone"),
    ("emerging", "D", "战略性新兴产业展示专区", "Strategic Emerging Industries Zone"),
    ("fintech", "E", "科技金融服务展示专区", "Sci-Tech Finance Services Zone"),
    ("overseas", "F", "国（境）外专业机构展示专区", "Overseas Professional Organisations Zone"),
    ("exchange", "G", "科技创新交流与合作展示专区", "Sci-Tech Innovation Exchange and Cooperation Zone"),
    ("it-campus", "H", "IT 产业校企合作展示专区", "IT Industry University–Enterprise Cooperation Zone"),
]

# Boards of the regional zone: (slug, code, name, name_en, hosts)
BOARDS = [
    (
        "jingjinji",
        "1",
        "京津冀协同发展板块",
        "Beijing–Tianjin–Hebei Coordinated Development",
        "北京、天津、河北科技厅（委、局）",
    ),
    (
        "yangtze",
        "2",
        "长三角一体化和长江经济带发展板块",
        "Yangtze River Delta Integration and Yangtze River Economic Belt",
        "上海、江苏、浙江、安徽、江西、湖北、湖南、四川、贵州、云南、南京、杭州、武汉、宁波等省市科技厅（委、局）",
    ),
    ("greater-bay", "3", "粤港澳大湾区建设板块", "Guangdong–Hong Kong–Macao Greater Bay Area", "广东省科技厅"),
    (
        "northeast",
        "4",
        "东北再振兴板块",
        "Revitalisation of Northeast China",
        "辽宁、吉林、黑龙江、沈阳、长春、哈尔滨、大连等省市科技厅（委、局）",
    ),
    (
        "west",
        "5",
        "西部大开发板块",
        "Development of Western China",
        "内蒙古、广西、西藏、陕西、甘肃、青海、宁夏、新疆、西安等省区科技厅（委、局）",
    ),
    ("central", "6", "中部崛起板块", "Rise of Central China", "山西、河南等省科技厅"),
    (
        "east",
        "7",
        "东部现代化板块",
        "Modernisation of Eastern China",
        "福建、山东、海南、济南、青岛、厦门等省市科技厅（委、局）",
    ),
    (
        "chengyu",
        "8",
        "成渝地区双城经济圈建设板块",
        "Chengdu–Chongqing Economic Circle",
        "重庆、成都等市科技厅（委、局）",
    ),
    (
        "pilot",
        "9",
        "先行示范区建设板块",
        "Shenzhen Pilot Demonstration Zone",
        "深圳市科技创新委员会承办，深圳市相关区政府执行",
    ),
]

G, U, E, F, H = "government", "university", "enterprise", "foreign", "hr"

# (zone slug, board slug or None, kind, name, name_en)
EXHIBITORS = [
    ("most", None, G, "科学技术部国际合作司", "MOST Department of International Cooperation"),
    ("most", None, G, "科学技术部火炬高技术产业开发中心", "MOST Torch High Technology Industry Development Center"),
    ("most", None, G, "中国科学技术交流中心", "China Science and Technology Exchange Center"),
    ("most", None, G, "科学技术部人才中心", "MOST Talent Center"),
    ("most", None, G, "科学技术部机关服务中心", "MOST Service Center"),
    ("most", None, G, "国家知识产权保护展示中心（演示）", "National IP Protection Showcase (demo)"),
    ("regional", "jingjinji", G, "北京市科学技术委员会", "Beijing Municipal Science and Technology Commission"),
    ("regional", "jingjinji", G, "天津市科学技术局", "Tianjin Municipal Science and Technology Bureau"),
    ("regional", "jingjinji", G, "河北省科学技术厅", "Hebei Provincial Department of Science and Technology"),
    ("regional", "yangtze", G, "上海市科学技术委员会", "Shanghai Municipal Science and Technology Commission"),
    ("regional", "yangtze", G, "江苏省科学技术厅", "Jiangsu Provincial Department of Science and Technology"),
    ("regional", "yangtze", G, "浙江省科学技术厅", "Zhejiang Provincial Department of Science and Technology"),
    ("regional", "yangtze", G, "湖北省科学技术厅", "Hubei Provincial Department of Science and Technology"),
    ("regional", "greater-bay", G, "广东省科学技术厅", "Guangdong Provincial Department of Science and Technology"),
    ("regional", "greater-bay", E, "湾区智造创新研究院（演示）", "Bay Area Smart Manufacturing Institute (demo)"),
    ("regional", "northeast", G, "辽宁省科学技术厅", "Liaoning Provincial Department of Science and Technology"),
    ("regional", "northeast", G, "吉林省科学技术厅", "Jilin Provincial Department of Science and Technology"),
    ("regional", "northeast", G, "黑龙江省科学技术厅", "Heilongjiang Provincial Department of Science and Technology"),
    ("regional", "west", G, "陕西省科学技术厅", "Shaanxi Provincial Department of Science and Technology"),
    ("regional", "west", G, "广西壮族自治区科学技术厅", "Guangxi Department of Science and Technology"),
    ("regional", "west", G, "新疆维吾尔自治区科学技术厅", "Xinjiang Department of Science and Technology"),
    ("regional", "central", G, "山西省科学技术厅", "Shanxi Provincial Department of Science and Technology"),
    ("regional", "central", G, "河南省科学技术厅", "Henan Provincial Department of Science and Technology"),
    ("regional", "east", G, "福建省科学技术厅", "Fujian Provincial Department of Science and Technology"),
    ("regional", "east", G, "山东省科学技术厅", "Shandong Provincial Department of Science and Technology"),
    ("regional", "east", G, "海南省科学技术厅", "Hainan Provincial Department of Science and Technology"),
    ("regional", "chengyu", G, "重庆市科学技术局", "Chongqing Municipal Science and Technology Bureau"),
    ("regional", "chengyu", G, "成都市科学技术局", "Chengdu Municipal Science and Technology Bureau"),
    ("regional", "pilot", G, "深圳市科技创新委员会", "Shenzhen Science, Technology and Innovation Commission"),
    ("regional", "pilot", G, "深圳市南山区人民政府（演示）", "Nanshan District Government, Shenzhen (demo)"),
    ("central-soe", None, E, "华能新能源集团（演示）", "Huaneng New Energy Group (demo)"),
    ("central-soe", None, E, "中航智能装备研究院（演示）", "AVIC Intelligent Equipment Institute (demo)"),
    ("central-soe", None, E, "国家电网数字科技（演示）", "State Grid Digital Technology (demo)"),
    ("central-soe", None, E, "中国建材新材料研究院（演示）", "CNBM New Materials Institute (demo)"),
    ("central-soe", None, E, "中远海运智慧物流（演示）", "COSCO Smart Logistics (demo)"),
    ("emerging", None, E, "深圳星河智能科技有限公司", "Shenzhen Xinghe Intelligent Technology Co., Ltd."),
    ("emerging", None, E, "鹏城生物医药创新中心", "Pengcheng Biomedicine Innovation Center"),
    ("emerging", None, E, "蓝海新能源汽车科技有限公司", "Blue Ocean New Energy Vehicle Technology Co., Ltd."),
    ("emerging", None, E, "量子云网络科技有限公司", "Quantum Cloud Networks Co., Ltd."),
    ("emerging", None, E, "绿碳环保材料股份有限公司", "Green Carbon Environmental Materials Co., Ltd."),
    ("emerging", None, E, "深圳市战略性新兴产业发展促进会", "Shenzhen Strategic Emerging Industries Association"),
    ("fintech", None, E, "前海科创投资基金（演示）", "Qianhai Sci-Tech Venture Fund (demo)"),
    ("fintech", None, E, "湾区科技银行（演示）", "Bay Area Technology Bank (demo)"),
    ("fintech", None, E, "创新保险服务中心（演示）", "Innovation Insurance Service Center (demo)"),
    ("fintech", None, E, "龙华创新生态服务协会", "Longhua Innovation Ecosystem Service Association"),
    ("fintech", None, E, "科创板上市辅导中心（演示）", "STAR Market Listing Advisory Center (demo)"),
    ("overseas", None, F, "德国工程师协会（演示）", "Association of German Engineers (demo)"),
    ("overseas", None, F, "英国皇家学会交流处（演示）", "Royal Society Exchange Office (demo)"),
    ("overseas", None, F, "以色列创新署联络处（演示）", "Israel Innovation Authority Liaison (demo)"),
    ("overseas", None, F, "俄罗斯科学院国际合作部（演示）", "Russian Academy of Sciences Intl. Cooperation (demo)"),
    ("overseas", None, F, "新加坡国立大学产学合作处（演示）", "NUS Industry Liaison Office (demo)"),
    ("overseas", None, H, "环球人才猎头集团（演示）", "Global Talent Headhunting Group (demo)"),
    ("exchange", None, G, "国际技术转移协作网络", "International Technology Transfer Network"),
    ("exchange", None, U, "港澳科技创新交流中心（演示）", "Hong Kong–Macao Sci-Tech Exchange Center (demo)"),
    ("exchange", None, U, "海峡两岸青年创新基地（演示）", "Cross-Strait Youth Innovation Base (demo)"),
    ("exchange", None, E, "一带一路技术转移中心（演示）", "Belt and Road Technology Transfer Center (demo)"),
    ("exchange", None, H, "深圳国际人才交流中心", "Shenzhen International Talent Exchange Center"),
    ("it-campus", None, G, "深圳市高新技术产业促进中心", "Shenzhen High-Tech Industry Promotion Center"),
    ("it-campus", None, U, "国家示范性软件学院联盟（演示）", "National Pilot Software Colleges Alliance (demo)"),
    ("it-campus", None, U, "南方科技大学计算机系（演示）", "SUSTech Department of Computer Science (demo)"),
    ("it-campus", None, E, "鹏程云计算有限公司（演示）", "Pengcheng Cloud Computing Co., Ltd. (demo)"),
    ("it-campus", None, E, "深港软件人才实训基地（演示）", "Shenzhen–Hong Kong Software Talent Training Base (demo)"),
]
