"""Every fixed text a report prints, in Korean and English.

Kept as plain data, not gettext catalogs: a report's language is chosen at issue time and must
not depend on the worker's locale or on compiled message files. ``labels_for(language)`` returns
one language's texts; ``build_report_context`` hands them to the template.
"""

from __future__ import annotations

from typing import Final

_TEXTS: Final[dict[str, tuple[str, str]]] = {
    # cover
    "title_self_assessment": (
        "인공지능 신뢰성 자체평가 보고서",
        "AI Trustworthiness Self-Assessment Report",
    ),
    "title_evaluation": ("인공지능 신뢰성 평가 보고서", "AI Trustworthiness Evaluation Report"),
    "subtitle_self_assessment": (
        "자율점검표에 따른 자체평가 결과 — 제3자 평가기관의 검증을 거치지 않았습니다.",
        "Results of the self-check — a self-assessment, not verified by a third party.",
    ),
    "subtitle_self_assessment_reviewed": (
        "자율점검표에 따른 자체평가 결과 — 검증 결과는 평가기관 {body}의 항목별 검증을 반영합니다.",
        "Results of the self-check — the verified figures apply the item verdicts of {body}.",
    ),
    "subtitle_evaluation": (
        "제3자 평가기관의 항목별 검증과 신뢰성 평가 기준에 따른 평가 결과",
        "Item-by-item verification and reliability evaluation by a third-party evaluation body.",
    ),
    "organisation": ("기관", "Organisation"),
    "system": ("인공지능 시스템", "AI system"),
    "purpose": ("목적", "Purpose"),
    "domain": ("분야", "Domain"),
    "deployment": ("운영 환경", "Deployment context"),
    "users": ("이용자와 영향받는 사람", "Users and people affected"),
    "generative": ("생성형 인공지능", "Generative AI"),
    "system_role": ("사업자 구분", "Operator role"),
    "checklists": ("적용 점검표", "Checklists applied"),
    "criteria": ("신뢰성 평가 기준", "Reliability criteria"),
    "revision": ("제출 차수", "Revision"),
    "revision_value": ("제{n}차 제출", "Revision {n}"),
    "submitted_at": ("제출일", "Submitted"),
    "decided_at": ("평가 결정일", "Decided"),
    "issued_at": ("발행일", "Issued"),
    "issuer": ("발행인", "Issued by"),
    "evaluation_body": ("평가기관", "Evaluation body"),
    "evaluator": ("담당 평가자", "Evaluator"),
    "report_code": ("보고서 번호", "Report code"),
    "verify": ("진위 확인", "Verify this report"),
    "verify_hint": (
        "QR 코드나 아래 주소에서 발행 기록과 SHA-256을 확인하고, 가진 PDF 파일이 발행본과 "
        "같은지 검사할 수 있습니다.",
        "Scan the code or open the address to see the issue record and SHA-256, and to check "
        "that a PDF file is byte-identical to the issued one.",
    ),
    "data_sha256": ("데이터 SHA-256", "Data SHA-256"),
    "data_sha256_hint": (
        "보고서에 첨부된 JSON 데이터(report-data.json)의 SHA-256입니다.",
        "SHA-256 of the JSON data embedded in this PDF (report-data.json).",
    ),
    "confidential": (
        "대외비 — 발행 대상 기관과 평가기관 내부용",
        "Confidential — for the assessed organisation and its evaluators",
    ),
    "yes": ("예", "Yes"),
    "no": ("아니오", "No"),
    "na": ("해당 없음", "N/A"),
    "none": ("없음", "None"),
    "dash": ("—", "—"),
    # sections
    "summary": ("요약", "Executive summary"),
    "findings": ("요구사항별 결과", "Findings by requirement"),
    "gaps": ("개선 과제", "Gaps and recommendations"),
    "coverage": ("국내외 기준 대응", "Framework coverage"),
    "obligations": ("고영향 인공지능 판단과 사업자 책무", "High-impact status and obligations"),
    "evaluation": ("신뢰성 평가", "Reliability evaluation"),
    "opinion": ("평가 의견과 서명", "Opinion and sign-off"),
    "declaration": ("발행 확인", "Declaration"),
    "appendix": ("부록: 전체 응답", "Appendix: all answers"),
    "continued": ("(계속)", "(continued)"),
    "contents": ("목차", "Contents"),
    # summary
    "score": ("점수", "Score"),
    "overall_score": ("종합 점수", "Overall score"),
    "self_reported": ("자체 평가", "Self-reported"),
    "verified": ("검증 결과", "Verified"),
    "rating": ("등급", "Rating"),
    "completion": ("응답률", "Completion"),
    "critical_gaps": ("핵심 미흡", "Critical gaps"),
    "gap_count": ("개선 과제 수", "Gaps"),
    "outcome": ("평가 결과", "Outcome"),
    "total": ("평가 점수", "Evaluation total"),
    "total_short": ("총점", "Total"),
    "high_impact": ("고영향 인공지능", "High-impact AI"),
    "high_impact_yes": (
        "해당 (인공지능 기본법 제2조제4호)",
        "Yes — under Art. 2(4) of the AI Basic Act",
    ),
    "high_impact_no": ("해당하지 않음", "No"),
    "high_impact_unknown": ("판단 자료 없음", "Not screened"),
    "significant": (
        "생명·안전·기본권에 대한 중대한 영향",
        "Significant effect on life, safety or rights",
    ),
    "act_areas": ("기본법상 고영향 영역", "High-impact areas under the Act"),
    "high_risk_areas": ("정부 고위험 영역 목록", "Areas on the ministry's high-risk list"),
    "impact_level": ("영향 수준", "Impact level"),
    "impact_share": ("영향 점수 비율", "Impact share"),
    "mitigation_share": ("완화 조치 비율", "Mitigation share"),
    "chart_checklists": (
        "점검표별 자체 평가와 검증 결과",
        "Self-reported and verified, by checklist",
    ),
    "chart_checklists_self": ("점검표별 자체 평가 점수", "Self-reported scores by checklist"),
    "chart_sections": ("영역별 점수", "Scores by section"),
    "overall": ("종합", "Overall"),
    "not_verified": ("검증 전", "Not verified"),
    "verification_coverage": ("검증 범위", "Verification coverage"),
    "coverage_value": (
        "{items}개 항목 중 {verified}개 검증",
        "verified: {verified} of {items} items",
    ),
    "coverage_partial": (
        "검증하지 않은 항목은 자체 평가 값 반영",
        "self-reported where not verified",
    ),
    # statements
    "stmt_scope": (
        "점검표 {checklists}종, 응답 대상 필수 항목 {required}개 중 {answered}개에 응답했습니다 "
        "(응답률 {completion}).",
        "{checklists} checklists; {answered} of {required} required items answered "
        "({completion} complete).",
    ),
    "stmt_score": (
        "자체 평가 종합 점수는 {score}점, 등급은 ‘{rating}’입니다.",
        "The self-reported overall score is {score}, rated “{rating}”.",
    ),
    "stmt_verified": (
        "평가기관 검증을 반영한 점수는 {score}점, 등급은 ‘{rating}’입니다 ({coverage}).",
        "After the evaluator's verification the score is {score}, rated “{rating}” ({coverage}).",
    ),
    "stmt_critical": (
        "핵심 항목 {count}개가 기준에 미달하여 등급이 ‘개선 필요’ 이하로 제한됩니다: {codes}.",
        "{count} critical items fall short, which caps the rating at “Needs improvement”: {codes}.",
    ),
    "stmt_critical_one": (
        "핵심 항목 1개가 기준에 미달하여 등급이 ‘개선 필요’ 이하로 제한됩니다: {codes}.",
        "1 critical item falls short, which caps the rating at “Needs improvement”: {codes}.",
    ),
    "stmt_no_critical": ("기준에 미달한 핵심 항목은 없습니다.", "No critical item falls short."),
    "stmt_high_impact": (
        "선별 결과 인공지능 기본법상 고영향 인공지능에 해당합니다 (영향 수준 {level}).",
        "The screening found the system high-impact under the AI Basic Act (impact level {level}).",
    ),
    "stmt_not_high_impact": (
        "선별 결과 인공지능 기본법상 고영향 인공지능에 해당하지 않습니다 (영향 수준 {level}).",
        "The screening found the system not high-impact under the AI Basic Act (impact level "
        "{level}).",
    ),
    "stmt_rationale": (
        "경고: 영향 수준이 {level}인데도 중대한 영향이 없다고 판단하였습니다. "
        "판단 근거: {rationale}",
        "Warning: the screening answered that the system has no significant effect although the "
        "impact level is {level}. Reason given: {rationale}",
    ),
    "stmt_rationale_missing": (
        "경고: 영향 수준이 {level}인데도 중대한 영향이 없다고 답했으나 "
        "판단 근거를 적지 않았습니다.",
        "Warning: the screening answered that the system has no significant effect although the "
        "impact level is {level}, and gives no reason.",
    ),
    "stmt_outcome": (
        "신뢰성 평가 결과는 ‘{outcome}’입니다 (평가 점수 {total}점).",
        "The reliability evaluation outcome is “{outcome}” (total {total}).",
    ),
    # findings and appendix
    "checklist": ("점검표", "Checklist"),
    "section": ("영역", "Section"),
    "item": ("항목", "Item"),
    "code": ("번호", "Code"),
    "question": ("점검 항목", "Question"),
    "answer": ("응답", "Answer"),
    "comment": ("설명", "Comment"),
    "evidence": ("증빙", "Evidence"),
    "verdict": ("검증", "Verdict"),
    "remark": ("평가자 의견", "Evaluator's remark"),
    "status": ("상태", "Status"),
    "met": ("충족", "Met"),
    "partial": ("부분 충족", "Partly met"),
    "unmet": ("미충족", "Not met"),
    "not_scored": ("점수 없음", "Not scored"),
    "screening": ("", ""),
    "screening_title": ("선별 결과", "Screening result"),
    "unanswered": ("미응답", "Unanswered"),
    "items_met": ("충족", "Met"),
    "items_partial": ("부분", "Partly"),
    "items_unmet": ("미충족", "Not met"),
    "items_na": ("비해당", "N/A"),
    "critical": ("핵심", "Critical"),
    "findings_intro": (
        "점검표의 영역(요구사항)마다 점수, 검증 결과, 응답률과 항목별 충족 현황을 보입니다. "
        "점수는 가중 평균(0–100)이며, 해당 없음 응답은 제외합니다.",
        "For each section (requirement) of each checklist: its score, verified score, completion "
        "and how many items are met. Scores are weighted averages from 0 to 100; N/A answers are "
        "left out.",
    ),
    "screening_note": (
        "선별 점검표는 고영향 여부와 적용 점검표를 정하며 점수를 매기지 않습니다.",
        "The screening decides high-impact status and which checklists apply; it is not scored.",
    ),
    # gaps
    "rank": ("순위", "Rank"),
    "achieved": ("달성도", "Achieved"),
    "recommendation": ("권고 사항", "Recommendation"),
    "gaps_intro": (
        "기준을 완전히 충족하지 못한 항목입니다. 핵심 항목을 먼저, 그다음 점수에 미치는 "
        "영향(가중치 × 미달 정도)이 큰 순서로 나열합니다.",
        "Items not fully met, critical items first, then by their effect on the score "
        "(weight × shortfall).",
    ),
    "no_gaps": ("개선 과제가 없습니다.", "There are no gaps."),
    # coverage
    "framework": ("기준", "Framework"),
    "references": ("인용 조항", "References"),
    "assessed": ("평가됨", "Assessed"),
    "met_refs": ("충족", "Met"),
    "share": ("충족률", "Coverage"),
    "coverage_intro": (
        "점검 항목이 인용하는 국내외 기준의 조항 가운데, 응답이 있는 조항과 그 조항을 인용한 "
        "모든 항목이 충족(0.75 이상)된 조항의 비율입니다.",
        "Of the provisions the checklist items cite, those answered, and the share of them whose "
        "citing items are all met (value 0.75 or more).",
    ),
    "no_coverage": ("인용된 기준이 없습니다.", "No framework is cited."),
    # obligations
    "obligations_intro": (
        "고영향 인공지능 사업자는 인공지능 기본법 제31조, 제33조부터 제36조까지의 책무를 "
        "이행해야 합니다. 아래는 해당 점검표의 이행 현황입니다.",
        "Operators of high-impact AI carry the duties of Arts. 31 and 33–36 of the AI Basic Act. "
        "Below is how each duty of that checklist is met.",
    ),
    "obligations_none": (
        "고영향 인공지능에 해당하지 않아 사업자 책무 점검표가 적용되지 않았습니다.",
        "The system is not high-impact, so the operator-duty checklist did not apply.",
    ),
    "area": ("영역", "Area"),
    "act_ref": ("근거 조항", "Provision"),
    # evaluation
    "criterion": ("평가 기준", "Criterion"),
    "level": ("수준", "Level"),
    "rationale": ("판단 근거", "Rationale"),
    "group_scores": ("영역별 평가 점수", "Scores by group"),
    "evaluation_intro": (
        "평가자는 신뢰성 평가 기준마다 0–4 수준을 매겼습니다. 핵심 기준이 모두 3 이상이고 "
        "총점이 70 이상이면 ‘적합’, "
        "총점 60 이상이고 3 미만인 일반 기준이 두 개 이하이면 ‘조건부 적합’, 그 밖에는 "
        "‘부적합’입니다.",
        "The evaluator rated each reliability criterion from 0 to 4. Pass: every critical "
        "criterion "
        "at 3 or more and a total of 70 or more; conditional: a total of 60 or more with at "
        "most two "
        "non-critical criteria below 3; otherwise fail.",
    ),
    "not_rated": ("미평가", "Not rated"),
    "not_evaluated": ("평가하지 못함", "Not evaluated"),
    "out_of_scope": ("평가 범위 밖", "Out of scope"),
    "scope_tta": ("범위에 든 TTA 요구사항", "TTA requirements in scope"),
    # same_as: an item answered in another checklist of the same assessment
    "referred": ("다른 점검표에서 답함", "Answered elsewhere"),
    "answered_in": (
        "{checklist} › {section}({item})에서 답함",
        "Answered in {checklist} › {section} ({item})",
    ),
    # sign-off
    "decision": ("결정", "Decision"),
    "override": (
        "평가 결과(부적합)와 다른 승인의 사유",
        "Approved despite the outcome “Fail” — reason",
    ),
    "signature": ("서명", "Signature"),
    "date": ("일자", "Date"),
    "signoff_evaluation": (
        "본 평가기관은 위 인공지능 시스템에 대한 제출 자료를 항목별로 검토하고 신뢰성 평가 "
        "기준에 따라 평가하였으며, 그 결과가 이 보고서와 같음을 확인합니다.",
        "The evaluation body reviewed the submission for the AI system above item by item, "
        "rated it "
        "against the reliability criteria, and confirms that the results are as stated in this "
        "report.",
    ),
    "signoff_self_assessment": (
        "위 기관은 이 보고서의 응답이 제출 당시 사실에 부합하게 작성되었음을 확인합니다. 이 "
        "보고서는 제3자 평가기관의 검증을 받지 않았습니다.",
        "The organisation above confirms that the answers in this report were true when submitted. "
        "This report has not been verified by a third-party evaluation body.",
    ),
    "signoff_self_assessment_reviewed": (
        "위 기관은 이 보고서의 응답이 제출 당시 사실에 부합하게 작성되었음을 확인합니다. 이 "
        "보고서는 기관이 발행한 자체평가 보고서이며, 검증 결과는 평가기관 {body}의 항목별 검증"
        "({coverage})을 반영합니다. 평가기관의 결정은 평가 보고서에 기재됩니다.",
        "The organisation above confirms that the answers in this report were true when submitted. "
        "This is the organisation's own report; its verified figures apply the item verdicts of "
        "{body} ({coverage}). The evaluation body's decision is stated in its evaluation report.",
    ),
    "no_opinion": ("기재된 의견이 없습니다.", "No opinion was recorded."),
    "electronic_note": (
        "이 보고서는 전자적으로 발행되었으며, 진위는 보고서 번호와 SHA-256으로 확인합니다.",
        "Issued electronically; its authenticity is checked by report code and SHA-256.",
    ),
    "appendix_intro": (
        "제출된 모든 응답을 설명, 증빙 파일 이름, 평가자 검증 결과와 함께 싣습니다. 조건에 따라 "
        "표시되지 않은 항목은 제외합니다.",
        "Every answer submitted, with its comment, evidence file names and the evaluator's "
        "verdict. Items hidden by their conditions are left out.",
    ),
    "page_of": ("쪽", "Page"),
}

RATINGS: Final[dict[str, tuple[str, str]]] = {
    "excellent": ("우수", "Excellent"),
    "good": ("양호", "Good"),
    "needs_improvement": ("개선 필요", "Needs improvement"),
    "insufficient": ("미흡", "Insufficient"),
}
OUTCOMES: Final[dict[str, tuple[str, str]]] = {
    "pass": ("적합", "Pass"),
    "conditional": ("조건부 적합", "Conditional pass"),
    "fail": ("부적합", "Fail"),
}
VERDICTS: Final[dict[str, tuple[str, str]]] = {
    "confirmed": ("확인", "Confirmed"),
    "partially_confirmed": ("부분 확인", "Partly confirmed"),
    "not_confirmed": ("확인 안 됨", "Not confirmed"),
    "needs_evidence": ("증빙 보완 필요", "Needs evidence"),
}
DECISIONS: Final[dict[str, tuple[str, str]]] = {
    "approved": ("승인", "Approved"),
    "rejected": ("반려", "Rejected"),
}
FRAMEWORKS: Final[dict[str, tuple[str, str]]] = {
    "kr_ai_basic_act": ("인공지능 기본법", "Korean AI Basic Act"),
    "kr_ethics_standards": ("국가 인공지능 윤리기준", "National AI Ethics Standards (Korea)"),
    "eu_ai_act": ("EU 인공지능법", "EU AI Act"),
    "nist_ai_rmf": ("NIST AI RMF 1.0", "NIST AI RMF 1.0"),
    "iso_42001": ("ISO/IEC 42001:2023", "ISO/IEC 42001:2023"),
    "tta_guide": ("TTA 신뢰할 수 있는 AI 개발안내서", "TTA Trustworthy AI Development Guide"),
}
DOMAINS: Final[dict[str, tuple[str, str]]] = {
    "general": ("일반", "General"),
    "generative_ai": ("생성형 AI", "Generative AI"),
    "image_recognition": ("이미지 인식", "Image recognition"),
    "hiring": ("채용", "Hiring"),
    "healthcare": ("의료", "Healthcare"),
    "finance": ("금융", "Finance"),
    "chatbot": ("챗봇", "Chatbot"),
    "public_sector": ("공공", "Public sector"),
    "autonomous_driving": ("자율주행", "Autonomous driving"),
    "deepfake": ("딥페이크", "Deepfake"),
    "high_impact": ("고영향", "High-impact"),
    "education": ("교육", "Education"),
    "energy": ("에너지", "Energy"),
    "transport": ("교통", "Transport"),
}
SYSTEM_ROLES: Final[dict[str, tuple[str, str]]] = {
    "developer": ("개발사업자", "Developer"),
    "operator": ("이용사업자", "Operator"),
    "both": ("개발·이용사업자", "Developer and operator"),
}
IMPACT_LEVELS: Final[dict[int, str]] = {1: "I", 2: "II", 3: "III", 4: "IV"}


def pick(table: dict[str, tuple[str, str]], key: str | None, language: str) -> str:
    """The text for ``key`` in ``language``; an unknown key is shown as it is, None as a dash."""
    if key is None:
        return "—"
    pair = table.get(key)
    if pair is None:
        return key
    return pair[1] if language == "en" else pair[0]


def labels_for(language: str) -> dict[str, str]:
    index = 1 if language == "en" else 0
    return {key: pair[index] for key, pair in _TEXTS.items()}
