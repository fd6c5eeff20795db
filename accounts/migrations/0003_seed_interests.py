"""The conference's fields (专业领域), the shared taxonomy's seed: two levels, bilingual.
Idempotent on slug; organizers add or rename entries in the admin afterwards."""

from django.db import migrations

FIELDS = [
    ("information-technology", "信息技术", "Information technology", [
        ("artificial-intelligence", "人工智能", "Artificial intelligence"),
        ("integrated-circuits", "集成电路", "Integrated circuits"),
        ("software", "软件与信息服务", "Software and IT services"),
        ("big-data-cloud", "大数据与云计算", "Big data and cloud computing"),
        ("communications", "通信与网络", "Communications and networks"),
        ("cybersecurity", "网络安全", "Cybersecurity"),
    ]),
    ("biomedicine", "生物医药", "Biomedicine", [
        ("drug-discovery", "创新药研发", "Drug discovery"),
        ("medical-devices", "医疗器械", "Medical devices"),
        ("life-sciences", "生命科学", "Life sciences"),
        ("healthcare", "医疗健康服务", "Healthcare services"),
    ]),
    ("advanced-manufacturing", "先进制造", "Advanced manufacturing", [
        ("robotics", "机器人与智能制造", "Robotics and smart manufacturing"),
        ("aerospace", "航空航天", "Aerospace"),
        ("new-energy-vehicles", "新能源汽车", "New energy vehicles"),
        ("marine-engineering", "海洋工程装备", "Marine engineering"),
    ]),
    ("energy-environment", "新能源与节能环保", "Energy and environment", [
        ("renewable-energy", "可再生能源", "Renewable energy"),
        ("energy-storage", "储能与电池", "Energy storage and batteries"),
        ("environmental-protection", "环境保护", "Environmental protection"),
        ("carbon-neutrality", "碳达峰碳中和", "Carbon neutrality"),
    ]),
    ("new-materials", "新材料", "New materials", [
        ("advanced-materials", "先进结构材料", "Advanced structural materials"),
        ("nanomaterials", "纳米材料", "Nanomaterials"),
    ]),
    ("modern-agriculture", "现代农业", "Modern agriculture", [
        ("agritech", "农业科技", "Agricultural technology"),
        ("food-science", "食品科学", "Food science"),
    ]),
    ("finance-economy", "金融与经济", "Finance and economy", [
        ("fintech", "金融科技", "Fintech"),
        ("venture-capital", "投资与创业", "Venture capital and start-ups"),
        ("international-trade", "国际贸易", "International trade"),
    ]),
    ("education-research", "教育与科研", "Education and research", [
        ("higher-education", "高等教育", "Higher education"),
        ("research-management", "科研管理与成果转化", "Research management and technology transfer"),
        ("vocational-education", "职业教育", "Vocational education"),
    ]),
    ("talent-services", "人力资源与人才服务", "Talent and HR services", [
        ("recruitment", "招聘与猎头", "Recruitment and executive search"),
        ("training", "培训与发展", "Training and development"),
        ("talent-policy", "人才政策", "Talent policy"),
        ("international-exchange", "国际人才交流", "International talent exchange"),
    ]),
    ("culture-media", "文化创意与传媒", "Culture, creative industries and media", []),
    ("public-administration", "公共管理", "Public administration", []),
]


def seed(apps, schema_editor):
    Interest = apps.get_model("accounts", "Interest")
    for position, (slug, name, name_en, children) in enumerate(FIELDS):
        parent, _ = Interest.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position * 100}
        )
        for offset, (child_slug, child_name, child_name_en) in enumerate(children, start=1):
            Interest.objects.get_or_create(
                slug=child_slug,
                defaults={"name": child_name, "name_en": child_name_en, "parent": parent, "position": position * 100 + offset},
            )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_profiles")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
