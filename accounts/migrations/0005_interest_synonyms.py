"""Interest.synonyms and the seed taxonomy's synonyms in Chinese and English (abbreviations and
the skill words people write in résumés and job ads), read by search.textmatch. Only empty
synonyms are filled, so organizers' own edits survive a re-run."""

from django.db import migrations, models

SYNONYMS = {
    "information-technology": "信息化, 互联网, internet, ICT, 计算机, computer science, computing",
    "artificial-intelligence": (
        "AI, 机器学习, machine learning, ML, 深度学习, deep learning, 神经网络, neural network, "
        "大模型, large language model, LLM, 自然语言处理, natural language processing, NLP, "
        "计算机视觉, computer vision, 智能算法, AI algorithm"
    ),
    "integrated-circuits": (
        "芯片, 半导体, semiconductor, semiconductors, IC, chip, chips, 集成电路设计, chip design, "
        "IC design, 微电子, microelectronics, 晶圆, wafer, 封装测试, packaging and testing, EDA, "
        "数字前端, 模拟电路, analog circuit, ASIC, FPGA, 光刻, lithography"
    ),
    "software": "软件, 软件开发, software development, software engineering, 软件工程, 编程, programming, 信息服务, IT services",
    "big-data-cloud": "大数据, big data, 云计算, cloud computing, cloud, 云平台, 数据仓库, data warehouse, 分布式, distributed systems",
    "communications": "通信, telecommunications, telecom, 5G, 6G, 无线通信, wireless, 网络, networking, 光通信, optical communication",
    "cybersecurity": "信息安全, information security, 网络安全, security, 渗透测试, penetration testing, 密码学, cryptography",
    "biomedicine": "生物医药, 医药, pharma, pharmaceutical, pharmaceuticals, 生物技术, biotech, biotechnology, 制药, biopharma, 生物制药",
    "drug-discovery": "新药研发, 药物研发, drug development, 创新药, new drugs, 药物化学, medicinal chemistry, 临床试验, clinical trial, clinical trials, 抗体, antibody",
    "medical-devices": "医疗设备, medical equipment, 医疗器械研发, 体外诊断, IVD, in vitro diagnostics, 影像设备, medical imaging",
    "life-sciences": "生命科学, 生物学, biology, 分子生物学, molecular biology, 基因, gene, genomics, 基因组学, 细胞, cell biology, 生物信息, bioinformatics",
    "healthcare": "医疗, 医疗服务, 医疗健康, health care, health, 医院, hospital, 护理, nursing, 临床, clinical",
    "advanced-manufacturing": "制造, manufacturing, 智能制造, smart manufacturing, 工业, industrial, 装备制造, equipment manufacturing",
    "robotics": "机器人, robot, robots, 工业机器人, industrial robot, 自动化, automation, 机电一体化, mechatronics, 运动控制, motion control",
    "aerospace": "航空, aviation, 航天, spaceflight, 飞行器, aircraft, 卫星, satellite, 无人机, drone, UAV",
    "new-energy-vehicles": "新能源车, 电动汽车, electric vehicle, electric vehicles, EV, NEV, 智能网联汽车, 自动驾驶, autonomous driving, 汽车, automotive",
    "marine-engineering": "海工装备, 船舶, shipbuilding, 海洋工程, offshore engineering, 海洋, ocean engineering",
    "energy-environment": "新能源, new energy, 节能环保, 能源, energy, 清洁能源, clean energy",
    "renewable-energy": "光伏, photovoltaic, PV, solar, 太阳能, solar energy, 风电, wind power, 风能, wind energy, 氢能, hydrogen",
    "energy-storage": "储能, 电池, battery, batteries, 锂电池, lithium battery, lithium-ion, 锂电, 电化学, electrochemistry, 动力电池, power battery, BMS",
    "environmental-protection": "环保, 环境工程, environmental engineering, 污水处理, wastewater treatment, 环境监测, environmental monitoring",
    "carbon-neutrality": "双碳, 碳中和, carbon neutral, 碳达峰, 碳排放, carbon emissions, 碳交易, carbon trading, ESG, 低碳, low carbon",
    "new-materials": "材料, materials, 材料科学, materials science, 新材料研发, 高分子, polymer, polymers, 复合材料, composites",
    "advanced-materials": "结构材料, structural materials, 合金, alloy, alloys, 金属材料, metallic materials, 陶瓷, ceramics, 碳纤维, carbon fibre, carbon fiber",
    "nanomaterials": "纳米, nano, nanotechnology, 纳米技术, 石墨烯, graphene, 薄膜, thin film",
    "modern-agriculture": "农业, agriculture, 智慧农业, smart agriculture, 种业, seeds",
    "agritech": "农业技术, agricultural technology, 育种, breeding, 植物保护, plant protection, 农机, agricultural machinery",
    "food-science": "食品, food, 食品安全, food safety, 食品工程, food engineering, 营养, nutrition",
    "finance-economy": "金融, finance, 经济, economics, 银行, banking, bank, 证券, securities, 保险, insurance",
    "fintech": "金融科技, financial technology, 支付, payments, 区块链, blockchain, 量化, quantitative, quant, 风控, risk control, risk management",
    "venture-capital": "风投, 风险投资, VC, 创业投资, 股权投资, private equity, PE, 投资, investment, 创业, start-up, startup, 孵化, incubator",
    "international-trade": "外贸, foreign trade, 进出口, import and export, 跨境电商, cross-border e-commerce, 国际贸易, trade",
    "education-research": "教育, education, 学术, academic, 教育科研",
    "higher-education": "高校, university, universities, 大学, 教职, faculty, 教授, professor, 讲师, lecturer, 博士后, postdoc, postdoctoral",
    "research-management": "科研管理, research management, 技术转移, technology transfer, 成果转化, 知识产权, intellectual property, IP, 专利, patent",
    "vocational-education": "职教, 职业培训, vocational training, 技能培训, skills training, 职业院校",
    "talent-services": "人力资源, human resources, HR, 人才服务, 人事, personnel",
    "recruitment": "猎头, headhunting, headhunter, recruiter, 招聘专员, 人才招聘, talent acquisition, 招聘与猎头服务",
    "training": "培训, 企业培训, corporate training, 人才发展, talent development, learning and development, L&D",
    "talent-policy": "人才政策, 引才政策, talent programme, 人才计划",
    "international-exchange": "国际交流, international cooperation, 海外人才, overseas talent, 外籍人才, foreign talent",
    "culture-media": "文化, 传媒, media, 文化创意, creative industries, 影视, film, 广告, advertising, 新媒体, new media, 出版, publishing",
    "public-administration": "公共管理, public management, 政府, government, 公共政策, public policy, 行政管理, public administration",
}


def fill(apps, schema_editor):
    Interest = apps.get_model("accounts", "Interest")
    for slug, synonyms in SYNONYMS.items():
        Interest.objects.filter(slug=slug, synonyms="").update(synonyms=synonyms)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_organisation_registration")]

    operations = [
        migrations.AddField(model_name="interest", name="synonyms", field=models.TextField(blank=True)),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
