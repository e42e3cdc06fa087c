"""High-impact and high-risk areas a screening item may decide.

Two views are kept apart on purpose (DOMAIN.md §3): the AI Basic Act's high-impact areas of
Art. 2(4) 가-카, and the wider list of high-risk areas in the ministry's policy documents. A system
in a ``high_impact`` area is high-impact under the Act (given a significant effect on life,
safety or fundamental rights). ``high_risk`` marks the areas of the ministry's list (biometrics,
deepfakes, energy, transport, employment and loans, public use, nuclear power); the two areas
outside the Act (biometrics outside investigations, deepfakes) are high-risk without that status.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Area:
    code: str
    ko: str
    en: str
    act_ref: str | None  # the Act's Art. 2(4) item, or None outside the Act's list
    high_risk: bool  # named in the ministry's list of high-risk areas

    @property
    def high_impact(self) -> bool:
        return self.act_ref is not None

    def label(self, language: str) -> str:
        return self.en if language == "en" else self.ko

    def act_ref_label(self, language: str) -> str:
        """The provision as each language cites it: 제2조제4호사목 / Art. 2(4)(g)."""
        if self.act_ref is None:
            return ""
        head, letter = self.act_ref.split(")", 1)  # "2(4" and "사"
        article, point = head.split("(")
        if language == "en":
            return f"Art. {article}({point})({_ENGLISH_POINTS[_KOREAN_POINTS.index(letter)]})"
        return f"제{article}조제{point}호{letter}목"


# The Act's points 가, 나, 다, … are cited (a), (b), (c), … in English.
_KOREAN_POINTS = "가나다라마바사아자차카타파하"
_ENGLISH_POINTS = "abcdefghijklmn"


_AREAS = (
    Area(
        "energy",
        "에너지 공급",
        "Energy supply",
        "2(4)가",
        True,
    ),
    Area(
        "drinking_water",
        "먹는물 생산",
        "Production of drinking water",
        "2(4)나",
        False,
    ),
    Area(
        "healthcare_system",
        "보건의료 제공·이용체계의 구축·운영",
        "Building and operating healthcare provision systems",
        "2(4)다",
        False,
    ),
    Area(
        "medical_device",
        "의료기기·디지털의료기기의 개발·이용",
        "Development and use of medical and digital medical devices",
        "2(4)라",
        False,
    ),
    Area(
        "nuclear",
        "핵물질·원자력시설의 안전한 관리·운영",
        "Safe management of nuclear materials and facilities",
        "2(4)마",
        True,
    ),
    Area(
        "biometric_investigation",
        "범죄 수사·체포를 위한 생체인식정보 분석·활용",
        "Biometric analysis for criminal investigation or arrest",
        "2(4)바",
        True,
    ),
    Area(
        "rights_evaluation",
        "채용·대출 심사 등 권리·의무에 중대한 영향을 미치는 판단·평가",
        "Judgements affecting rights and duties, such as hiring and loan screening",
        "2(4)사",
        True,
    ),
    # high-impact-screening 2.0 asks 2(4)사 as separate areas, so that each routes to its sector
    # edition: hiring, lending (loan screening, credit scoring), insurance underwriting, and the
    # other judgements (``rights_evaluation``, which 1.x used for all of 2(4)사 and keeps).
    Area(
        "hiring",
        "채용(서류 심사·면접 평가 등)",
        "Hiring (screening applications, evaluating interviews)",
        "2(4)사",
        True,
    ),
    Area(
        "lending",
        "대출 심사·신용평가",
        "Loan screening and credit scoring",
        "2(4)사",
        True,
    ),
    Area(
        "insurance",
        "보험 인수 심사",
        "Insurance underwriting",
        "2(4)사",
        False,
    ),
    Area(
        "transport",
        "교통수단·교통시설·교통체계의 주요 작동·운영",
        "Key operation of transport means, facilities and systems",
        "2(4)아",
        True,
    ),
    Area(
        "public_decision",
        "국민에게 영향을 미치는 국가기관 등의 의사결정",
        "Decisions by public bodies that affect citizens",
        "2(4)자",
        True,
    ),
    Area(
        "student_evaluation",
        "유아·초등·중등교육에서의 학생 평가",
        "Evaluation of students in early-childhood, primary and secondary education",
        "2(4)차",
        False,
    ),
    Area(
        "decree_other",
        "그 밖에 대통령령으로 정하는 영역",
        "Other areas set by Presidential Decree",
        "2(4)카",
        False,
    ),
    Area(
        "biometric_recognition",
        "생체정보 인식(수사 목적 외)",
        "Biometric recognition outside criminal investigation",
        None,
        True,
    ),
    Area(
        "deepfake",
        "딥페이크(영상·음성 합성)",
        "Deepfakes (synthetic video or voice)",
        None,
        True,
    ),
)

AREAS: dict[str, Area] = {area.code: area for area in _AREAS}
ACT_AREAS: tuple[Area, ...] = tuple(area for area in _AREAS if area.high_impact)
HIGH_RISK_AREAS: tuple[Area, ...] = tuple(area for area in _AREAS if area.high_risk)
