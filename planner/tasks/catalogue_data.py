"""Catalogue of Japanese statutory back-office deadlines, shipped with the app.

Pure data: each entry is a deadline that users can turn into a task (payroll,
tax, social insurance, accounting, labour and general affairs), with its legal
basis, a suggested department, effort and schedule. Titles, legal bases and
descriptions are given in both Japanese and English; they are catalogue data,
not gettext messages.

Schedule fields follow the task form presets (planner.calendar.recurrence):
`day` for monthly_day; `day` and `month` for yearly and quarterly (first month);
`weekday` for weekly; `business_day` for business_day (-1 = last); `rrule` (an
RFC 5545 RRULE body without DTSTART) for custom; nothing for month_end.
Dates assume a fiscal year ending 31 March and salaries paid on the 25th.

Shift "next": a statutory filing or payment due on a weekend or holiday moves to
the next business day (国税通則法第10条第2項 for national taxes; 地方税法第20条の5
第2項 for local taxes; 行政機関の休日に関する法律第2条 for other filings).
Salary payment and internal deadlines move to the previous business day.
"""
from __future__ import annotations

from typing import Any

ENTRIES: list[dict[str, Any]] = [
    # --- Payroll and withholding -------------------------------------------
    {
        "key": "withholding-tax-monthly",
        "title": {"ja": "源泉所得税の納付", "en": "Pay withheld income tax"},
        "legal_basis": {"ja": "所得税法第183条第1項",
                        "en": "Income Tax Act, Art. 183, para. 1"},
        "description": {
            "ja": "給与等から源泉徴収した所得税（復興特別所得税を含む）を、徴収した月の翌月10日までに"
                  "税務署へ納付します。10日が土日祝日の場合は翌営業日が期限です。",
            "en": "Pay the income tax (including the special reconstruction income tax) withheld "
                  "from salaries to the tax office by the 10th of the following month; when that "
                  "is a weekend or holiday, the next business day.",
        },
        "category": "tax",
        "criticality": "critical",
        "department": "payroll",
        "effort_minutes": 30,
        "preset": "monthly_day",
        "day": 10, "month": None, "weekday": None, "business_day": None, "rrule": None,
        "shift": "next",
        "lead_days": [5, 2, 0],
    },
    {
        "key": "withholding-tax-special-jan-jun",
        "title": {"ja": "源泉所得税の納付（納期の特例・1月〜6月分）",
                  "en": "Pay withheld income tax (special payment schedule, January–June)"},
        "legal_basis": {"ja": "所得税法第216条",
                        "en": "Income Tax Act, Art. 216"},
        "description": {
            "ja": "納期の特例の承認を受けた事業者（給与の支払を受ける者が常時10人未満）は、1月〜6月に"
                  "源泉徴収した所得税を7月10日までにまとめて納付します。",
            "en": "Employers approved for the special payment schedule (fewer than 10 regular "
                  "payees) pay the income tax withheld from January to June in one sum by 10 July.",
        },
        "category": "tax",
        "criticality": "critical",
        "department": "payroll",
        "effort_minutes": 60,
        "preset": "yearly",
        "day": 10, "month": 7, "weekday": None, "business_day": None, "rrule": None,
        "shift": "next",
        "lead_days": [14, 7, 2, 0],
    },
    {
        "key": "withholding-tax-special-jul-dec",
        "title": {"ja": "源泉所得税の納付（納期の特例・7月〜12月分）",
                  "en": "Pay withheld income tax (special payment schedule, July–December)"},
        "legal_basis": {"ja": "所得税法第216条、租税特別措置法第41条の6",
                        "en": "Income Tax Act, Art. 216; Act on Special Measures Concerning "
                              "Taxation, Art. 41-6"},
        "description": {
            "ja": "納期の特例の承認を受けた事業者は、7月〜12月に源泉徴収した所得税（年末調整の精算後）"
                  "を翌年1月20日までにまとめて納付します。",
            "en": "Employers approved for the special payment schedule pay the income tax withheld "
                  "from July to December, after the year-end adjustment, in one sum by 20 January.",
        },
        "category": "tax",
        "criticality": "critical",
        "department": "payroll",
        "effort_minutes": 60,
        "preset": "yearly",
        "day": 20, "month": 1, "weekday": None, "business_day": None, "rrule": None,
        "shift": "next",
        "lead_days": [14, 7, 2, 0],
    },
    {
        "key": "resident-tax-monthly",
        "title": {"ja": "住民税（特別徴収）の納入", "en": "Pay resident tax withheld from salaries"},
        "legal_basis": {"ja": "地方税法第321条の5第1項",
                        "en": "Local Tax Act, Art. 321-5, para. 1"},
        "description": {
            "ja": "給与から特別徴収した個人住民税を、徴収した月の翌月10日までに従業員の住所地の"
                  "市区町村へ納入します。",
            "en": "Pay the individual resident tax withheld from salaries to each employee's "
                  "municipality by the 10th of the following month.",
        },
        "category": "tax",
        "criticality": "critical",
        "department": "payroll",
        "effort_minutes": 30,
        "preset": "monthly_day",
        "day": 10, "month": None, "weekday": None, "business_day": None, "rrule": None,
        "shift": "next",
        "lead_days": [5, 2, 0],
    },
    {
        "key": "resident-tax-special",
        "title": {"ja": "住民税（特別徴収・納期の特例）の納入",
                  "en": "Pay resident tax withheld from salaries (special payment schedule)"},
        "legal_basis": {"ja": "地方税法第321条の5の2",
                        "en": "Local Tax Act, Art. 321-5-2"},
        "description": {
            "ja": "市区町村の承認を受けた事業者（給与の支払を受ける者が常時10人未満）は、6月〜11月分を"
                  "12月10日までに、12月〜翌年5月分を6月10日までに納入します。",
            "en": "Employers approved by the municipality (fewer than 10 regular payees) pay the "
                  "tax withheld from June to November by 10 December and from December to May by "
                  "10 June.",
        },
        "category": "tax",
        "criticality": "critical",
        "department": "payroll",
        "effort_minutes": 45,
        "preset": "custom",
        "day": None, "month": None, "weekday": None, "business_day": None,
        "rrule": "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=10",
        "shift": "next",
        "lead_days": [14, 7, 2, 0],
    },
    {
        "key": "payroll-payment",
        "title": {"ja": "給与支給", "en": "Pay salaries"},
        "legal_basis": {"ja": "労働基準法第24条", "en": "Labor Standards Act, Art. 24"},
        "description": {
            "ja": "賃金は毎月1回以上、一定の期日に全額を支払います。25日が土日祝日の場合は前営業日に"
                  "支給するのが一般的です。",
            "en": "Pay wages in full at least once a month on a fixed date; when the 25th is a "
                  "weekend or holiday, pay on the previous business day, as is common practice.",
        },
        "category": "payroll",
        "criticality": "critical",
        "department": "payroll",
        "effort_minutes": 480,
        "preset": "monthly_day",
        "day": 25, "month": None, "weekday": None, "business_day": None, "rrule": None,
        "shift": "previous",
        "lead_days": [7, 3, 1, 0],
    },
    {
        "key": "year-end-adjustment",
        "title": {"ja": "年末調整", "en": "Year-end tax adjustment"},
        "legal_basis": {"ja": "所得税法第190条", "en": "Income Tax Act, Art. 190"},
        "description": {
            "ja": "扶養控除等申告書・保険料控除申告書等を回収し、その年の所得税額を計算して、12月の"
                  "最後の給与で源泉徴収税額との過不足を精算します。",
            "en": "Collect the dependants' and deduction declarations, compute each employee's "
                  "income tax for the year and settle the difference from the tax withheld in the "
                  "last salary of December.",
        },
        "category": "payroll",
        "criticality": "high",
        "department": "payroll",
        "effort_minutes": 2400,
        "preset": "yearly",
        "day": 25, "month": 12, "weekday": None, "business_day": None, "rrule": None,
        "shift": "previous",
        "lead_days": [45, 30, 14, 7, 0],
    },
    {
        "key": "salary-payment-report",
        "title": {"ja": "給与支払報告書の提出", "en": "Submit salary payment reports"},
        "legal_basis": {"ja": "地方税法第317条の6第1項",
                        "en": "Local Tax Act, Art. 317-6, para. 1"},
        "description": {
            "ja": "前年中に支払った給与について、1月1日現在の従業員（前年中の退職者を含む）の住所地の"
                  "市区町村へ1月31日までに給与支払報告書を提出します。",
            "en": "Submit salary payment reports for the previous year's salaries to the "
                  "municipality where each employee lived on 1 January (and for those who left "
                  "during the year) by 31 January.",
        },
        "category": "tax",
        "criticality": "high",
        "department": "payroll",
        "effort_minutes": 240,
        "preset": "yearly",
        "day": 31, "month": 1, "weekday": None, "business_day": None, "rrule": None,
        "shift": "next",
        "lead_days": [21, 14, 7, 2, 0],
    },
    {
        "key": "statutory-reports-summary",
        "title": {"ja": "法定調書合計表の提出",
                  "en": "Submit statutory information returns and their summary"},
        "legal_basis": {"ja": "所得税法第225条・第226条",
                        "en": "Income Tax Act, Arts. 225 and 226"},
        "description": {
            "ja": "前年分の源泉徴収票・報酬等の支払調書と法定調書合計表を、1月31日までに所轄税務署へ"
                  "提出します。",
            "en": "Submit the previous year's withholding slips, payment records for fees and the "
                  "summary table of statutory records to the tax office by 31 January.",
        },
        "category": "tax",
        "criticality": "high",
        "department": "accounting",
        "effort_minutes": 240,
        "preset": "yearly",
        "day": 31, "month": 1, "weekday": None, "business_day": None, "rrule": None,
        "shift": "next",
        "lead_days": [21, 14, 7, 2, 0],
    },
    {
        "key": "withholding-slip-leavers",
        "title": {"ja": "源泉徴収票の交付（退職者）",
                  "en": "Issue withholding slips to employees who have left"},
        "legal_basis": {"ja": "所得税法第226条第1項",
                        "en": "Income Tax Act, Art. 226, para. 1"},
        "description": {
            "ja": "退職者には、退職の日以後1か月以内に給与所得の源泉徴収票を交付します。前月の退職者"
                  "への交付漏れがないか毎月確認します。",
            "en": "Give each employee who leaves a withholding slip within one month of "
                  "retirement; check each month that everyone who left the previous month has "
                  "received one.",
        },
        "category": "payroll",
        "criticality": "medium",
        "department": "payroll",
        "effort_minutes": 30,
        "preset": "monthly_day",
        "day": 15, "month": None, "weekday": None, "business_day": None, "rrule": None,
        "shift": "previous",
        "lead_days": [3, 0],
    },
    # --- Social and labour insurance ---------------------------------------
    {
        "key": "social-insurance-premiums",
        "title": {"ja": "社会保険料の納付",
                  "en": "Pay health insurance and employees' pension premiums"},
        "legal_basis": {"ja": "健康保険法第164条第1項、厚生年金保険法第83条第1項",
                        "en": "Health Insurance Act, Art. 164, para. 1; Employees' Pension "
                              "Insurance Act, Art. 83, para. 1"},
        "description": {
            "ja": "前月分の健康保険料・厚生年金保険料（事業主負担分と被保険者負担分）を当月末日までに"
                  "納付します（口座振替の場合は残高を確認）。",
            "en": "Pay the previous month's health insurance and employees' pension premiums "
                  "(employer's and employees' shares) by the end of the month; with direct debit, "
                  "make sure the account is funded.",
        },
        "category": "social_insurance",
        "criticality": "critical",
        "department": "payroll",
        "effort_minutes": 30,
        "preset": "month_end",
        "day": None, "month": None, "weekday": None, "business_day": None, "rrule": None,
        "shift": "next",
        "lead_days": [5, 2, 0],
    },
    {
        "key": "standard-remuneration-annual",
        "title": {"ja": "算定基礎届の提出",
                  "en": "Submit the annual standard remuneration report"},
        "legal_basis": {"ja": "健康保険法第41条、健康保険法施行規則第25条、厚生年金保険法第21条、"
                              "厚生年金保険法施行規則第18条",
                        "en": "Health Insurance Act, Art. 41; Ordinance for Enforcement of the "
                              "Health Insurance Act, Art. 25; Employees' Pension Insurance Act, "
                              "Art. 21; Ordinance for Enforcement of the Employees' Pension "
                              "Insurance Act, Art. 18"},
        "description": {
            "ja": "7月1日現在の被保険者について4月〜6月の報酬を届け出て、9月からの標準報酬月額を"
                  "決定してもらいます。提出期間は7月1日から10日までです。",
            "en": "Report the April–June remuneration of everyone insured on 1 July so that the "
                  "standard monthly remuneration from September can be set; the filing window is "
                  "1–10 July.",
        },
        "category": "social_insurance",
        "criticality": "high",
        "department": "hr",
        "effort_minutes": 480,
        "preset": "yearly",
        "day": 10, "month": 7, "weekday": None, "business_day": None, "rrule": None,
        "shift": "next",
        "lead_days": [21, 10, 5, 2, 0],
    },
    {
        "key": "standard-remuneration-revision",
        "title": {"ja": "月額変更届の確認", "en": "Check for standard remuneration revisions"},
        "legal_basis": {"ja": "健康保険法第43条、健康保険法施行規則第26条、厚生年金保険法第23条、"
                              "厚生年金保険法施行規則第19条",
                        "en": "Health Insurance Act, Art. 43; Ordinance for Enforcement of the "
                              "Health Insurance Act, Art. 26; Employees' Pension Insurance Act, "
                              "Art. 23; Ordinance for Enforcement of the Employees' Pension "
                              "Insurance Act, Art. 19"},
        "description": {
            "ja": "固定的賃金が変動し、変動月以降3か月の報酬の平均が標準報酬月額で2等級以上変わった"
                  "被保険者がいれば、速やかに月額変更届を提出します（毎月の社内確認）。",
            "en": "Internal monthly check: when fixed wages change and the average of the three "
                  "months from the change moves the standard monthly remuneration by two grades "
                  "or more, submit the revision report promptly.",
        },
        "category": "social_insurance",
        "criticality": "medium",
        "department": "hr",
        "effort_minutes": 60,
        "preset": "monthly_day",
        "day": 10, "month": None, "weekday": None, "business_day": None, "rrule": None,
        "shift": "previous",
        "lead_days": [3, 0],
    },
    {
        "key": "bonus-payment-report",
        "title": {"ja": "賞与支払届の提出", "en": "Submit the bonus payment report"},
        "legal_basis": {"ja": "健康保険法施行規則第27条、厚生年金保険法施行規則第19条の5",
                        "en": "Ordinance for Enforcement of the Health Insurance Act, Art. 27; "
                              "Ordinance for Enforcement of the Employees' Pension Insurance "
                              "Act, Art. 19-5"},
        "description": {
            "ja": "賞与を支払った日から5日以内に、被保険者ごとの標準賞与額を届け出ます（7月・12月の"
                  "賞与支給を想定）。",
            "en": "Report each insured person's standard bonus amount within 5 days of paying a "
                  "bonus (dates assume bonuses paid in July and December).",
        },
        "category": "social_insurance",
        "criticality": "high",
        "department": "hr",
        "effort_minutes": 90,
        "preset": "custom",
        "day": None, "month": None, "weekday": None, "business_day": None,
        "rrule": "FREQ=YEARLY;BYMONTH=7,12;BYMONTHDAY=15",
        "shift": "next",
        "lead_days": [5, 2, 0],
    },
    {
        "key": "employment-insurance-enrolment",
        "title": {"ja": "雇用保険被保険者資格取得届の提出",
                  "en": "Report new employees for employment insurance"},
        "legal_basis": {"ja": "雇用保険法第7条、雇用保険法施行規則第6条",
                        "en": "Employment Insurance Act, Art. 7; Ordinance for Enforcement of "
                              "the Employment Insurance Act, Art. 6"},
        "description": {
            "ja": "前月に雇用保険の被保険者となった従業員について、翌月10日までに公共職業安定所へ"
                  "資格取得届を提出します。",
            "en": "Submit the acquisition-of-insured-status notification to the Public Employment "
                  "Security Office by the 10th of the month after each employee became insured.",
        },
        "category": "social_insurance",
        "criticality": "high",
        "department": "hr",
        "effort_minutes": 30,
        "preset": "monthly_day",
        "day": 10, "month": None, "weekday": None, "business_day": None, "rrule": None,
        "shift": "next",
        "lead_days": [5, 2, 0],
    },
    {
        "key": "labour-insurance-annual-renewal",
        "title": {"ja": "労働保険の年度更新",
                  "en": "Annual labour insurance premium declaration"},
        "legal_basis": {"ja": "労働保険の保険料の徴収等に関する法律第15条・第19条",
                        "en": "Act on the Collection, etc. of Insurance Premiums of Labor "
                              "Insurance, Arts. 15 and 19"},
        "description": {
            "ja": "前年度の確定保険料と今年度の概算保険料を申告・納付します。申告期間は6月1日から"
                  "7月10日までです。",
            "en": "Declare and pay the final premium for the past insurance year and the "
                  "estimated premium for the current one; the filing window runs from 1 June to "
                  "10 July.",
        },
        "category": "social_insurance",
        "criticality": "high",
        "department": "hr",
        "effort_minutes": 480,
        "preset": "yearly",
        "day": 10, "month": 7, "weekday": None, "business_day": None, "rrule": None,
        "shift": "next",
        "lead_days": [30, 14, 7, 2, 0],
    },
    {
        "key": "labour-insurance-instalments",
        "title": {"ja": "労働保険料の納付（延納 第2期・第3期）",
                  "en": "Pay labour insurance premium instalments (2nd and 3rd)"},
        "legal_basis": {"ja": "労働保険の保険料の徴収等に関する法律第18条",
                        "en": "Act on the Collection, etc. of Insurance Premiums of Labor "
                              "Insurance, Art. 18"},
        "description": {
            "ja": "概算保険料を延納（3回分割）している場合、第2期分を10月31日までに、第3期分を翌年"
                  "1月31日までに納付します。",
            "en": "When the estimated premium is paid in three instalments, pay the second by "
                  "31 October and the third by 31 January.",
        },
        "category": "social_insurance",
        "criticality": "critical",
        "department": "hr",
        "effort_minutes": 30,
        "preset": "custom",
        "day": None, "month": None, "weekday": None, "business_day": None,
        "rrule": "FREQ=YEARLY;BYMONTH=1,10;BYMONTHDAY=31",
        "shift": "next",
        "lead_days": [7, 2, 0],
    },
    # --- Corporate tax and accounting --------------------------------------
    {
        "key": "monthly-closing",
        "title": {"ja": "月次決算", "en": "Monthly closing"},
        "legal_basis": {"ja": "会社法第432条第1項", "en": "Companies Act, Art. 432, para. 1"},
        "description": {
            "ja": "前月分の帳簿を締めて試算表を作成します。会計帳簿は適時に正確に作成する義務があり、"
                  "社内期限は第5営業日です。",
            "en": "Close the previous month's books and prepare the trial balance; accounting "
                  "books must be kept timely and accurately, and the internal deadline is the 5th "
                  "business day.",
        },
        "category": "accounting",
        "criticality": "high",
        "department": "accounting",
        "effort_minutes": 960,
        "preset": "business_day",
        "day": None, "month": None, "weekday": None, "business_day": 5, "rrule": None,
        "shift": "none",
        "lead_days": [3, 1, 0],
    },
    {
        "key": "corporate-tax-final-return",
        "title": {"ja": "法人税・消費税の確定申告（3月決算）",
                  "en": "File final corporate tax and consumption tax returns (March year-end)"},
        "legal_basis": {"ja": "法人税法第74条第1項・第77条、消費税法第45条第1項・第49条、"
                              "地方税法第53条・第72条の25",
                        "en": "Corporation Tax Act, Art. 74, para. 1 and Art. 77; Consumption Tax "
                              "Act, Art. 45, para. 1 and Art. 49; Local Tax Act, Arts. 53 and "
                              "72-25"},
        "description": {
            "ja": "事業年度終了の日の翌日から2か月以内（3月決算なら5月31日）に、法人税・消費税の"
                  "確定申告と納付を行います（法人住民税・事業税も同日）。",
            "en": "File and pay corporation tax and consumption tax within two months of the "
                  "fiscal year-end (31 May for a March year-end); corporate inhabitant and "
                  "enterprise taxes fall due the same day.",
        },
        "category": "tax",
        "criticality": "critical",
        "department": "accounting",
        "effort_minutes": 2400,
        "preset": "yearly",
        "day": 31, "month": 5, "weekday": None, "business_day": None, "rrule": None,
        "shift": "next",
        "lead_days": [30, 14, 7, 2, 0],
    },
    {
        "key": "corporate-tax-interim-return",
        "title": {"ja": "法人税の中間申告（3月決算）",
                  "en": "File the interim corporate tax return (March year-end)"},
        "legal_basis": {"ja": "法人税法第71条第1項・第76条",
                        "en": "Corporation Tax Act, Art. 71, para. 1 and Art. 76"},
        "description": {
            "ja": "事業年度開始から6か月を経過した日から2か月以内（3月決算なら11月30日）に中間申告と"
                  "納付を行います。前年度実績による税額が10万円以下の場合は不要です。",
            "en": "File and pay the interim return within two months after the first six months "
                  "of the fiscal year (30 November for a March year-end); not required when the "
                  "amount based on the previous year is 100,000 yen or less.",
        },
        "category": "tax",
        "criticality": "critical",
        "department": "accounting",
        "effort_minutes": 480,
        "preset": "yearly",
        "day": 30, "month": 11, "weekday": None, "business_day": None, "rrule": None,
        "shift": "next",
        "lead_days": [21, 7, 2, 0],
    },
    {
        "key": "depreciable-assets-return",
        "title": {"ja": "償却資産申告", "en": "File the depreciable assets return"},
        "legal_basis": {"ja": "地方税法第383条", "en": "Local Tax Act, Art. 383"},
        "description": {
            "ja": "1月1日現在所有する事業用の償却資産について、1月31日までに資産所在地の市区町村へ"
                  "申告します。",
            "en": "Declare the business assets subject to fixed asset tax held on 1 January to the "
                  "municipality where they are located by 31 January.",
        },
        "category": "tax",
        "criticality": "high",
        "department": "accounting",
        "effort_minutes": 180,
        "preset": "yearly",
        "day": 31, "month": 1, "weekday": None, "business_day": None, "rrule": None,
        "shift": "next",
        "lead_days": [21, 14, 7, 2, 0],
    },
    # --- Labour and health --------------------------------------------------
    {
        "key": "article-36-agreement",
        "title": {"ja": "36協定の締結・届出",
                  "en": "Conclude and file the overtime agreement (Article 36)"},
        "legal_basis": {"ja": "労働基準法第36条第1項",
                        "en": "Labor Standards Act, Art. 36, para. 1"},
        "description": {
            "ja": "時間外・休日労働をさせるには、労使協定を締結して有効期間の開始前に労働基準監督署へ"
                  "届け出ます（4月1日開始を想定）。",
            "en": "Conclude the labour-management agreement on overtime and holiday work and file "
                  "it with the Labour Standards Inspection Office before its period begins "
                  "(assumed to start on 1 April).",
        },
        "category": "labour",
        "criticality": "critical",
        "department": "hr",
        "effort_minutes": 240,
        "preset": "yearly",
        "day": 31, "month": 3, "weekday": None, "business_day": None, "rrule": None,
        "shift": "previous",
        "lead_days": [45, 30, 14, 7, 0],
    },
    {
        "key": "annual-leave-five-days",
        "title": {"ja": "年次有給休暇の年5日取得の確認",
                  "en": "Check that everyone takes five days of annual paid leave"},
        "legal_basis": {"ja": "労働基準法第39条第7項、労働基準法施行規則第24条の7",
                        "en": "Labor Standards Act, Art. 39, para. 7; Ordinance for Enforcement "
                              "of the Labor Standards Act, Art. 24-7"},
        "description": {
            "ja": "年10日以上の年次有給休暇が付与された労働者に、基準日から1年以内に5日を取得させます"
                  "（4月1日基準日を想定）。未達者には時季を指定し、管理簿を更新します。",
            "en": "Workers granted 10 or more days of annual paid leave must take five within a "
                  "year of the grant date (assumed 1 April); designate dates for anyone short and "
                  "keep the leave register up to date.",
        },
        "category": "labour",
        "criticality": "high",
        "department": "hr",
        "effort_minutes": 120,
        "preset": "yearly",
        "day": 31, "month": 3, "weekday": None, "business_day": None, "rrule": None,
        "shift": "previous",
        "lead_days": [90, 60, 30, 7, 0],
    },
    {
        "key": "health-check",
        "title": {"ja": "定期健康診断の実施", "en": "Hold the periodic health examination"},
        "legal_basis": {"ja": "労働安全衛生法第66条第1項、労働安全衛生規則第44条",
                        "en": "Industrial Safety and Health Act, Art. 66, para. 1; Ordinance on "
                              "Industrial Safety and Health, Art. 44"},
        "description": {
            "ja": "常時使用する労働者に、1年以内ごとに1回、定期健康診断を受けさせます（社内期限は"
                  "10月末）。",
            "en": "Have every regular worker take a periodic health examination at least once a "
                  "year (internal deadline: end of October).",
        },
        "category": "labour",
        "criticality": "high",
        "department": "general",
        "effort_minutes": 600,
        "preset": "yearly",
        "day": 31, "month": 10, "weekday": None, "business_day": None, "rrule": None,
        "shift": "previous",
        "lead_days": [60, 30, 14, 7, 0],
    },
    {
        "key": "health-check-report",
        "title": {"ja": "定期健康診断結果報告",
                  "en": "Report periodic health examination results"},
        "legal_basis": {"ja": "労働安全衛生法第100条、労働安全衛生規則第52条",
                        "en": "Industrial Safety and Health Act, Art. 100; Ordinance on "
                              "Industrial Safety and Health, Art. 52"},
        "description": {
            "ja": "常時50人以上の労働者を使用する事業場は、定期健康診断の後、遅滞なく結果報告書を"
                  "労働基準監督署へ提出します。",
            "en": "Workplaces with 50 or more regular workers file the results report with the "
                  "Labour Standards Inspection Office without delay after the periodic health "
                  "examination.",
        },
        "category": "labour",
        "criticality": "medium",
        "department": "general",
        "effort_minutes": 60,
        "preset": "yearly",
        "day": 30, "month": 11, "weekday": None, "business_day": None, "rrule": None,
        "shift": "previous",
        "lead_days": [14, 7, 0],
    },
    {
        "key": "stress-check",
        "title": {"ja": "ストレスチェックの実施", "en": "Run the stress check"},
        "legal_basis": {"ja": "労働安全衛生法第66条の10第1項、労働安全衛生規則第52条の9",
                        "en": "Industrial Safety and Health Act, Art. 66-10, para. 1; Ordinance "
                              "on Industrial Safety and Health, Art. 52-9"},
        "description": {
            "ja": "常時50人以上の労働者を使用する事業場は、1年以内ごとに1回、医師・保健師等による"
                  "ストレスチェックを実施します（社内期限は11月中旬）。",
            "en": "Workplaces with 50 or more regular workers have a doctor, public health nurse "
                  "or other qualified person run a stress check at least once a year (internal "
                  "deadline: mid-November).",
        },
        "category": "labour",
        "criticality": "high",
        "department": "hr",
        "effort_minutes": 480,
        "preset": "yearly",
        "day": 15, "month": 11, "weekday": None, "business_day": None, "rrule": None,
        "shift": "previous",
        "lead_days": [60, 30, 14, 0],
    },
    {
        "key": "stress-check-report",
        "title": {"ja": "ストレスチェック実施報告", "en": "Report the stress check"},
        "legal_basis": {"ja": "労働安全衛生法第100条、労働安全衛生規則第52条の21",
                        "en": "Industrial Safety and Health Act, Art. 100; Ordinance on "
                              "Industrial Safety and Health, Art. 52-21"},
        "description": {
            "ja": "常時50人以上の労働者を使用する事業場は、1年以内ごとに1回、心理的な負担の程度を"
                  "把握するための検査結果等報告書を労働基準監督署へ提出します。",
            "en": "Workplaces with 50 or more regular workers file the stress check results "
                  "report with the Labour Standards Inspection Office once a year.",
        },
        "category": "labour",
        "criticality": "medium",
        "department": "hr",
        "effort_minutes": 60,
        "preset": "yearly",
        "day": 15, "month": 12, "weekday": None, "business_day": None, "rrule": None,
        "shift": "previous",
        "lead_days": [14, 7, 0],
    },
    {
        "key": "minor-injury-report",
        "title": {"ja": "労働者死傷病報告（休業4日未満・四半期）",
                  "en": "Report minor occupational injuries (under 4 days' absence, quarterly)"},
        "legal_basis": {"ja": "労働安全衛生法第100条、労働安全衛生規則第97条第2項",
                        "en": "Industrial Safety and Health Act, Art. 100; Ordinance on "
                              "Industrial Safety and Health, Art. 97, para. 2"},
        "description": {
            "ja": "休業4日未満の労働災害があった四半期は、その四半期の最後の月の翌月末日（4月・7月・"
                  "10月・1月の末日）までに労働基準監督署へ報告します。",
            "en": "For any quarter with an occupational injury causing under four days' absence, "
                  "report it to the Labour Standards Inspection Office by the end of the month "
                  "after the quarter (end of April, July, October and January).",
        },
        "category": "labour",
        "criticality": "medium",
        "department": "general",
        "effort_minutes": 30,
        "preset": "custom",
        "day": None, "month": None, "weekday": None, "business_day": None,
        "rrule": "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=-1",
        "shift": "next",
        "lead_days": [7, 2, 0],
    },
    # --- General affairs: employment status reports ------------------------
    {
        "key": "disability-employment-report",
        "title": {"ja": "障害者雇用状況報告",
                  "en": "Report the employment of persons with disabilities"},
        "legal_basis": {"ja": "障害者の雇用の促進等に関する法律第43条第7項",
                        "en": "Act to Facilitate the Employment of Persons with Disabilities, "
                              "Art. 43, para. 7"},
        "description": {
            "ja": "法定雇用率の対象となる事業主は、6月1日現在の障害者の雇用状況を7月15日までに"
                  "公共職業安定所へ報告します。",
            "en": "Employers subject to the statutory employment rate report their employment of "
                  "persons with disabilities as of 1 June to the Public Employment Security Office "
                  "by 15 July.",
        },
        "category": "general_affairs",
        "criticality": "high",
        "department": "hr",
        "effort_minutes": 120,
        "preset": "yearly",
        "day": 15, "month": 7, "weekday": None, "business_day": None, "rrule": None,
        "shift": "next",
        "lead_days": [30, 14, 7, 2, 0],
    },
    {
        "key": "elderly-employment-report",
        "title": {"ja": "高年齢者雇用状況等報告",
                  "en": "Report the employment of elderly persons"},
        "legal_basis": {"ja": "高年齢者等の雇用の安定等に関する法律第52条第1項",
                        "en": "Act on Stabilization of Employment of Elderly Persons, Art. 52, "
                              "para. 1"},
        "description": {
            "ja": "6月1日現在の高年齢者の雇用状況（定年・継続雇用制度等）を7月15日までに公共職業"
                  "安定所へ報告します。",
            "en": "Report the employment of elderly persons as of 1 June (retirement age, "
                  "continued employment and related measures) to the Public Employment Security "
                  "Office by 15 July.",
        },
        "category": "general_affairs",
        "criticality": "medium",
        "department": "hr",
        "effort_minutes": 90,
        "preset": "yearly",
        "day": 15, "month": 7, "weekday": None, "business_day": None, "rrule": None,
        "shift": "next",
        "lead_days": [30, 14, 7, 2, 0],
    },
]
