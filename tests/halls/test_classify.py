"""The rule-based classifier on Chinese and English messages and profiles."""

import pytest

from halls.leads.classify import classify

EXAMPLES = [
    # Chinese
    ("我们希望与贵单位开展联合研发项目合作", "", "project_cooperation"),
    ("想了解技术转移和成果转化的对接渠道", "", "project_cooperation"),
    ("您好，我想投递简历，请问有工作机会吗？", "", "job_seeking"),
    ("应届毕业生，求职软件开发岗位", "", "job_seeking"),
    ("我们公司正在招聘算法工程师，想招人", "", "recruitment"),
    ("本机构提供猎头服务，可协助贵单位引进人才", "", "recruitment"),
    ("我们是一家基金公司，关注天使轮投资和融资项目", "", "investment_finance"),
    ("请问贵公司目前在融资吗？估值多少？", "", "investment_finance"),
    ("我是深圳特区报记者，想预约采访", "", "media"),
    ("媒体合作：希望报道本次展会", "", "media"),
    ("你好", "", "other"),
    ("展位很漂亮！", "", "other"),
    # English
    ("We would like to explore a partnership and joint research project.", "", "project_cooperation"),
    ("Hello, I am looking for a job. Please find my CV attached.", "", "job_seeking"),
    ("Do you offer internships? I can send my resume.", "", "job_seeking"),
    ("We are hiring engineers and would like to recruit your graduates.", "", "recruitment"),
    ("We have job openings for data scientists.", "", "recruitment"),
    ("Our VC firm is interested in investment opportunities; are you raising funding?", "", "investment_finance"),
    ("I am a journalist with China Daily and would like an interview for our press coverage.", "", "media"),
    ("Nice booth, thanks!", "", "other"),
    # Word boundaries: CV inside CVS, VC inside VCR, "hire" inside "hired" are not keywords.
    ("I bought it at CVS and watched it on a VCR.", "", "other"),
    # The profile decides when the words do not.
    ("你好，想了解一下贵单位", "新华社 记者", "media"),
    ("Hello, could we talk?", "Partner, Sequoia Venture Capital", "investment_finance"),
    ("Hello, could we talk?", "HR Director, Talent Acquisition", "recruitment"),
    # The message outweighs the profile.
    ("I want to apply for a job at your company; my resume is ready.", "Journalist", "job_seeking"),
]


@pytest.mark.parametrize(("message", "profile", "expected"), EXAMPLES)
def test_examples(message, profile, expected):
    assert classify(message, profile).category == expected


def test_ties_go_to_the_more_specific_category():
    # 合作 (cooperation) and 投资 (investment) once each: investment wins the tie.
    assert classify("投资合作").category == "investment_finance"
    # ...but cooperation wins outright.
    assert classify("项目合作对接，另外也有投资意向").category == "project_cooperation"


def test_matched_words_are_reported():
    result = classify("We are hiring; please recruit for us", "")
    assert result.category == "recruitment"
    assert set(result.matched) == {"hiring", "recruit"}
    assert result.scores["recruitment"] == 4
    assert classify("你好").matched == ()
