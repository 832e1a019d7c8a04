"""Demo back office for a Japanese mid-size company (fiscal year ending 31 March).

Pure data: four departments, 25 people and about 60 recurring payroll, tax,
social-insurance, accounting, labour and general-affairs tasks with their legal
bases, schedules and owners. It feeds `planner seed-demo` (planner.demo.loader).

Schedule conventions: `rrule` is an RFC 5545 RRULE without DTSTART; `business_day`
is the Nth business day of the month (-1 = last); exactly one of them is set.
Assumptions: salary closes at month end and is paid on the 25th; bonuses are paid
on 10 July and 10 December; the annual general meeting is held in late June.
"""
from __future__ import annotations

from typing import Any

DEPARTMENTS: list[dict[str, str]] = [
    {"code": "payroll", "name": "給与"},
    {"code": "accounting", "name": "経理"},
    {"code": "hr", "name": "人事労務"},
    {"code": "general", "name": "総務"},
]

# The first four entries are the documented demo login accounts.
PEOPLE: list[dict[str, Any]] = [
    # Demo accounts
    {"email": "takahashi.makoto@example.co.jp", "name": "高橋 誠",
     "departments": ["general"], "role": "admin", "language": "ja"},
    {"email": "suzuki.ichiro@example.co.jp", "name": "鈴木 一郎",
     "departments": ["payroll", "hr"], "role": "manager", "language": "ja"},
    {"email": "sato.hanako@example.co.jp", "name": "佐藤 花子",
     "departments": ["payroll"], "role": "staff", "language": "ja"},
    {"email": "tanaka.misaki@example.co.jp", "name": "田中 美咲",
     "departments": ["accounting"], "role": "staff", "language": "ja"},
    # 給与
    {"email": "ito.kenta@example.co.jp", "name": "伊藤 健太",
     "departments": ["payroll"], "role": "staff", "language": "ja"},
    {"email": "watanabe.yumi@example.co.jp", "name": "渡辺 由美",
     "departments": ["payroll"], "role": "staff", "language": "ja"},
    {"email": "yamamoto.sho@example.co.jp", "name": "山本 翔",
     "departments": ["payroll"], "role": "staff", "language": "ja"},
    {"email": "nakamura.ai@example.co.jp", "name": "中村 愛",
     "departments": ["payroll"], "role": "staff", "language": "ja"},
    # 経理
    {"email": "kobayashi.naoki@example.co.jp", "name": "小林 直樹",
     "departments": ["accounting", "general"], "role": "manager", "language": "ja"},
    {"email": "kato.mari@example.co.jp", "name": "加藤 真理",
     "departments": ["accounting"], "role": "manager", "language": "ja"},
    {"email": "yoshida.daisuke@example.co.jp", "name": "吉田 大輔",
     "departments": ["accounting"], "role": "staff", "language": "ja"},
    {"email": "yamada.sakura@example.co.jp", "name": "山田 さくら",
     "departments": ["accounting"], "role": "staff", "language": "ja"},
    {"email": "sasaki.takuya@example.co.jp", "name": "佐々木 拓也",
     "departments": ["accounting"], "role": "staff", "language": "ja"},
    {"email": "matsumoto.ken@example.co.jp", "name": "松本 ケン",
     "departments": ["accounting"], "role": "staff", "language": "en"},
    # 人事労務
    {"email": "kimura.keiko@example.co.jp", "name": "木村 恵子",
     "departments": ["hr"], "role": "manager", "language": "ja"},
    {"email": "hayashi.yuichi@example.co.jp", "name": "林 雄一",
     "departments": ["hr"], "role": "staff", "language": "ja"},
    {"email": "shimizu.aya@example.co.jp", "name": "清水 彩",
     "departments": ["hr"], "role": "staff", "language": "ja"},
    {"email": "yamaguchi.ryo@example.co.jp", "name": "山口 亮",
     "departments": ["hr"], "role": "staff", "language": "ja"},
    {"email": "mori.chihiro@example.co.jp", "name": "森 千尋",
     "departments": ["hr"], "role": "staff", "language": "ja"},
    {"email": "brown.emily@example.co.jp", "name": "ブラウン エミリー",
     "departments": ["hr"], "role": "staff", "language": "en"},
    # 総務
    {"email": "ikeda.hiroshi@example.co.jp", "name": "池田 浩",
     "departments": ["general"], "role": "manager", "language": "ja"},
    {"email": "hashimoto.yuko@example.co.jp", "name": "橋本 優子",
     "departments": ["general"], "role": "staff", "language": "ja"},
    {"email": "abe.kazuya@example.co.jp", "name": "阿部 和也",
     "departments": ["general"], "role": "staff", "language": "ja"},
    {"email": "ishikawa.nana@example.co.jp", "name": "石川 奈々",
     "departments": ["general"], "role": "staff", "language": "ja"},
    {"email": "maeda.yosuke@example.co.jp", "name": "前田 陽介",
     "departments": ["general"], "role": "staff", "language": "ja"},
]

TASKS: list[dict[str, Any]] = [
    # ------------------------------------------------------------------ 給与
    {
        "code": "PAY-001",
        "title": "勤怠データの締め・確認",
        "department": "payroll",
        "category": "payroll",
        "criticality": "high",
        "legal_basis": "労働安全衛生法第66条の8の3",
        "effort_minutes": 240,
        "rrule": None,
        "business_day": 3,
        "shift": "none",
        "lead_days": [2, 0],
        "procedure": (
            "1. 勤怠システムで前月分の未打刻・未承認の申請を抽出し、各部署の承認者へ督促する\n"
            "2. 36協定の上限（原則 月45時間・年360時間、特別条項でも月100時間未満・"
            "2〜6か月平均80時間以内）の超過がないか確認する\n"
            "3. 確定した勤怠データをCSV出力し、給与奉行クラウドへ取り込む\n"
            "4. **締め後の修正は翌月精算とし、修正履歴を必ず残すこと**"
        ),
        "owners": [("ito.kenta@example.co.jp", "primary", 4), ("yamamoto.sho@example.co.jp", "backup", 3),
                   ("nakamura.ai@example.co.jp", "trainee", 1)],
    },
    {
        "code": "PAY-002",
        "title": "給与計算の締め（計算確定）",
        "department": "payroll",
        "category": "payroll",
        "criticality": "high",
        "legal_basis": "",
        "effort_minutes": 480,
        "rrule": "FREQ=MONTHLY;BYMONTHDAY=20",
        "business_day": None,
        "shift": "previous",
        "lead_days": [3, 1, 0],
        "procedure": (
            "1. 給与奉行クラウドに当月の異動（入退社・昇給・手当・住所・扶養の変更）を反映する\n"
            "2. 勤怠取込後に試算し、前月比で差額の大きい社員をチェックリストで確認する\n"
            "3. 社会保険料・源泉所得税・住民税の控除額を確認する\n"
            "4. 給与課長の承認を得て計算を確定し、振込データ作成へ回す"
        ),
        "owners": [("sato.hanako@example.co.jp", "primary", 3), ("ito.kenta@example.co.jp", "backup", 3)],
    },
    {
        "code": "PAY-003",
        "title": "給与の支給（振込）",
        "department": "payroll",
        "category": "payroll",
        "criticality": "critical",
        "legal_basis": "労働基準法第24条",
        "effort_minutes": 120,
        "rrule": "FREQ=MONTHLY;BYMONTHDAY=25",
        "business_day": None,
        "shift": "previous",
        "lead_days": [5, 3, 1, 0],
        "procedure": (
            "1. 給与奉行クラウドから全銀フォーマットの振込データを出力する\n"
            "2. 法人インターネットバンキングにアップロードし、給与課長が承認する\n"
            "3. **振込指定日の3営業日前までに送信すること（銀行の受付期限）**\n"
            "4. 支給日当日に振込不能の有無を確認し、不能があれば本人へ連絡する\n"
            "5. 口座振込は本人の同意書が前提（労働基準法施行規則第7条の2）"
        ),
        "owners": [("sato.hanako@example.co.jp", "primary", 3), ("suzuki.ichiro@example.co.jp", "backup", 4)],
    },
    {
        "code": "PAY-004",
        "title": "給与明細の交付（Web明細）",
        "department": "payroll",
        "category": "payroll",
        "criticality": "medium",
        "legal_basis": "所得税法第231条",
        "effort_minutes": 60,
        "rrule": "FREQ=MONTHLY;BYMONTHDAY=25",
        "business_day": None,
        "shift": "previous",
        "lead_days": [1, 0],
        "procedure": (
            "1. 給与奉行クラウドのWeb明細で当月分を公開する\n"
            "2. 電子交付に同意していない社員には紙の明細書を印刷・封入して配付する\n"
            "3. 閲覧できない社員からの問い合わせに対応し、対応記録を残す"
        ),
        "owners": [("nakamura.ai@example.co.jp", "primary", 3), ("yamamoto.sho@example.co.jp", "backup", 3)],
    },
    {
        "code": "PAY-005",
        "title": "源泉所得税の納付",
        "department": "payroll",
        "category": "tax",
        "criticality": "critical",
        "legal_basis": "所得税法第183条",
        "effort_minutes": 90,
        "rrule": "FREQ=MONTHLY;BYMONTHDAY=10",
        "business_day": None,
        "shift": "next",
        "lead_days": [5, 2, 0],
        "procedure": (
            "1. 前月に支払った給与・賞与・退職金・報酬の源泉所得税額を集計する\n"
            "2. e-Taxで「給与所得・退職所得等の所得税徴収高計算書」を作成する\n"
            "3. ダイレクト納付で納付し、受信通知を保存する\n"
            "4. **納期限は翌月10日（土日祝日は翌営業日）。遅れると不納付加算税・延滞税が発生する**"
        ),
        "owners": [("sato.hanako@example.co.jp", "primary", 3), ("ito.kenta@example.co.jp", "backup", 3)],
    },
    {
        "code": "PAY-006",
        "title": "源泉所得税の納付（納期の特例・1月〜6月分）",
        "department": "payroll",
        "category": "tax",
        "criticality": "high",
        "legal_basis": "所得税法第216条",
        "effort_minutes": 60,
        "rrule": "FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=10",
        "business_day": None,
        "shift": "next",
        "lead_days": [14, 7, 1, 0],
        "procedure": (
            "1. 給与計算を受託している子会社（常時10人未満の給与支払事務所）の1月〜6月支払分を集計する\n"
            "2. e-Taxで納期特例用の所得税徴収高計算書を作成する\n"
            "3. ダイレクト納付で7月10日までに納付する\n"
            "4. 納期の特例の対象は給与・退職手当と税理士等の報酬のみ。その他の報酬は毎月納付"
        ),
        "owners": [("ito.kenta@example.co.jp", "primary", 3), ("sato.hanako@example.co.jp", "backup", 3)],
    },
    {
        "code": "PAY-007",
        "title": "源泉所得税の納付（納期の特例・7月〜12月分）",
        "department": "payroll",
        "category": "tax",
        "criticality": "high",
        "legal_basis": "所得税法第216条、租税特別措置法第41条の6",
        "effort_minutes": 60,
        "rrule": "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=20",
        "business_day": None,
        "shift": "next",
        "lead_days": [14, 7, 1, 0],
        "procedure": (
            "1. 子会社分の7月〜12月支払分を、年末調整の過不足精算後の税額で集計する\n"
            "2. e-Taxで納期特例用の所得税徴収高計算書を作成し、ダイレクト納付する\n"
            "3. **1月20日の期限は「納期限の特例に関する届出書」提出済みが前提。"
            "届出がなければ1月10日**\n"
            "4. 年末調整で還付超過となった場合は計算書の記載方法に注意する"
        ),
        "owners": [("ito.kenta@example.co.jp", "primary", 3), ("nakamura.ai@example.co.jp", "trainee", 1)],
    },
    {
        "code": "PAY-008",
        "title": "住民税（特別徴収）の納入",
        "department": "payroll",
        "category": "tax",
        "criticality": "critical",
        "legal_basis": "地方税法第321条の5",
        "effort_minutes": 90,
        "rrule": "FREQ=MONTHLY;BYMONTHDAY=10",
        "business_day": None,
        "shift": "next",
        "lead_days": [5, 2, 0],
        "procedure": (
            "1. 前月の給与から控除した住民税を市区町村別に集計する\n"
            "2. eLTAXの地方税共通納税で納入データを作成する\n"
            "3. 一括で納入し、納付完了通知を保存する\n"
            "4. **退職・転勤者は「給与所得者異動届出書」を翌月10日までに市区町村へ提出する**"
        ),
        "owners": [("yamamoto.sho@example.co.jp", "primary", 3), ("sato.hanako@example.co.jp", "backup", 3)],
    },
    {
        "code": "PAY-009",
        "title": "住民税 特別徴収税額の年度切替（6月）",
        "department": "payroll",
        "category": "tax",
        "criticality": "high",
        "legal_basis": "地方税法第321条の4",
        "effort_minutes": 480,
        "rrule": "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=10",
        "business_day": None,
        "shift": "previous",
        "lead_days": [14, 7, 1],
        "procedure": (
            "1. 5月末までに届く各市区町村の「特別徴収税額決定通知書」を回収する（eLTAX電子通知分を含む）\n"
            "2. 6月〜翌年5月の月割額を給与奉行クラウドへ登録する（6月分は端数調整あり）\n"
            "3. 納税義務者用の通知書を本人へ配付する（電子交付可）\n"
            "4. **担当者が1名のみ。手順書の整備とOJTが課題**"
        ),
        "owners": [("watanabe.yumi@example.co.jp", "primary", 4), ("sato.hanako@example.co.jp", "trainee", 1)],
    },
    {
        "code": "PAY-010",
        "title": "賞与計算（夏季・冬季）",
        "department": "payroll",
        "category": "payroll",
        "criticality": "high",
        "legal_basis": "所得税法第186条",
        "effort_minutes": 600,
        "rrule": "FREQ=YEARLY;BYMONTH=7,12;BYMONTHDAY=3",
        "business_day": None,
        "shift": "previous",
        "lead_days": [14, 7, 1],
        "procedure": (
            "1. 人事から賞与支給額の確定データを受領する\n"
            "2. 前月の社会保険料控除後の給与額と「賞与に対する源泉徴収税額の算出率の表」で税率を決める\n"
            "3. 健康保険・厚生年金・雇用保険料を計算する（標準賞与額は1,000円未満切捨て）\n"
            "4. 給与課長の承認後、支給日（7月10日・12月10日）の3営業日前までに振込データを送信する"
        ),
        "owners": [("watanabe.yumi@example.co.jp", "primary", 4), ("ito.kenta@example.co.jp", "backup", 3)],
    },
    {
        "code": "PAY-011",
        "title": "年末調整",
        "department": "payroll",
        "category": "tax",
        "criticality": "critical",
        "legal_basis": "所得税法第190条",
        "effort_minutes": 2400,
        "rrule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=1",
        "business_day": None,
        "shift": "previous",
        "lead_days": [30, 14, 7, 1],
        "procedure": (
            "1. 回収済みの扶養控除等申告書・基礎控除申告書兼配偶者控除等申告書兼所得金額調整控除申告書・"
            "保険料控除申告書を給与奉行クラウドで確認する\n"
            "2. 12月支給の給与で年税額を計算し、過不足額を精算する\n"
            "3. 住宅借入金等特別控除の初年度の社員には確定申告が必要な旨を案内する\n"
            "4. 源泉徴収簿・源泉徴収票を作成し、1月の法定調書・給与支払報告書へ連携する\n"
            "5. **毎年10月に国税庁の資料で税制改正（基礎控除・給与所得控除等）を確認すること**"
        ),
        "owners": [("watanabe.yumi@example.co.jp", "primary", 4), ("yamamoto.sho@example.co.jp", "backup", 2),
                   ("nakamura.ai@example.co.jp", "trainee", 2)],
    },
    {
        "code": "PAY-012",
        "title": "年末調整申告書の回収・確認",
        "department": "payroll",
        "category": "tax",
        "criticality": "medium",
        "legal_basis": "所得税法第194条・第196条",
        "effort_minutes": 600,
        "rrule": "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=20",
        "business_day": None,
        "shift": "previous",
        "lead_days": [21, 7, 1],
        "procedure": (
            "1. 11月上旬に年末調整の案内と提出期限を全社へ通知する\n"
            "2. 社員が給与奉行クラウドの年末調整申告書（Web申告）で入力する\n"
            "3. 生命保険料・地震保険料の控除証明書等の添付漏れを確認する\n"
            "4. 未提出者リストを部署長へ送付して督促する"
        ),
        "owners": [("nakamura.ai@example.co.jp", "primary", 3), ("sato.hanako@example.co.jp", "backup", 3)],
    },
    {
        "code": "PAY-013",
        "title": "給与支払報告書の提出",
        "department": "payroll",
        "category": "tax",
        "criticality": "critical",
        "legal_basis": "地方税法第317条の6",
        "effort_minutes": 720,
        "rrule": "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31",
        "business_day": None,
        "shift": "next",
        "lead_days": [21, 7, 3, 0],
        "procedure": (
            "1. 1月1日現在の住所地の市区町村ごとに給与支払報告書（個人別明細書・総括表）を作成する\n"
            "2. 前年中の退職者で支払額30万円以下の者は提出省略可（求める市区町村もあるため要確認）\n"
            "3. eLTAXで電子提出する（法定調書の電子提出義務の基準に該当）\n"
            "4. **住民税額の誤りに直結するため、1月1日時点の住所を必ず確認すること**"
        ),
        "owners": [("watanabe.yumi@example.co.jp", "primary", 4), ("sato.hanako@example.co.jp", "backup", 1)],
    },
    {
        "code": "PAY-014",
        "title": "源泉徴収票の交付（在籍者）",
        "department": "payroll",
        "category": "tax",
        "criticality": "high",
        "legal_basis": "所得税法第226条第1項",
        "effort_minutes": 240,
        "rrule": "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31",
        "business_day": None,
        "shift": "previous",
        "lead_days": [14, 7, 1],
        "procedure": (
            "1. 年末調整の確定後、全社員分の給与所得の源泉徴収票を作成する\n"
            "2. Web明細で電子交付する（同意のない社員には紙で交付）\n"
            "3. 税務署提出対象者（年末調整済みで給与500万円超、役員で150万円超 等）を抽出し、"
            "法定調書の担当（経理）へ渡す"
        ),
        "owners": [("yamamoto.sho@example.co.jp", "primary", 3), ("ito.kenta@example.co.jp", "backup", 3)],
    },
    {
        "code": "PAY-015",
        "title": "退職者の源泉徴収票の交付",
        "department": "payroll",
        "category": "tax",
        "criticality": "medium",
        "legal_basis": "所得税法第226条第1項・第2項",
        "effort_minutes": 60,
        "rrule": "FREQ=MONTHLY;BYMONTHDAY=15",
        "business_day": None,
        "shift": "previous",
        "lead_days": [3, 0],
        "procedure": (
            "1. 前月の退職者を人事労務から受領したリストで確認する\n"
            "2. 給与所得の源泉徴収票を作成し、退職日から1か月以内に本人へ送付する\n"
            "3. 退職金を支払った場合は「退職所得の源泉徴収票・特別徴収票」も作成する\n"
            "4. 送付日と送付先を台帳に記録する"
        ),
        "owners": [("yamamoto.sho@example.co.jp", "primary", 3), ("nakamura.ai@example.co.jp", "backup", 3)],
    },
    {
        "code": "PAY-016",
        "title": "賃金台帳の出力・保存",
        "department": "payroll",
        "category": "payroll",
        "criticality": "low",
        "legal_basis": "労働基準法第108条・第109条",
        "effort_minutes": 30,
        "rrule": None,
        "business_day": -1,
        "shift": "none",
        "lead_days": [0],
        "procedure": (
            "1. 当月支給分の賃金台帳を給与奉行クラウドからPDFで出力する\n"
            "2. 労働日数・労働時間数・時間外労働時間数が記載されていることを確認する\n"
            "3. 所定フォルダに保存する（保存期間5年、経過措置で当分の間3年）"
        ),
        "owners": [("nakamura.ai@example.co.jp", "primary", 3), ("yamamoto.sho@example.co.jp", "backup", 3)],
    },
    {
        "code": "PAY-017",
        "title": "社会保険料控除額の確認（等級変更の反映）",
        "department": "payroll",
        "category": "social_insurance",
        "criticality": "high",
        "legal_basis": "健康保険法第167条・厚生年金保険法第84条",
        "effort_minutes": 120,
        "rrule": "FREQ=MONTHLY;BYMONTHDAY=15",
        "business_day": None,
        "shift": "previous",
        "lead_days": [3, 1, 0],
        "procedure": (
            "1. 人事労務から月額変更・資格取得・喪失・扶養異動を受領し、標準報酬月額を更新する\n"
            "2. 40歳到達（介護保険料開始）・65歳到達（介護保険料終了）・70歳到達（厚生年金終了）の社員を抽出する\n"
            "3. 当月の控除額を前月と比較し、差異の理由を確認する\n"
            "4. **協会けんぽの保険料率改定（3月分＝4月納付分から）の反映漏れに注意**"
        ),
        "owners": [("sato.hanako@example.co.jp", "primary", 3), ("watanabe.yumi@example.co.jp", "backup", 4)],
    },
    {
        "code": "PAY-018",
        "title": "社会保険料の納付",
        "department": "payroll",
        "category": "social_insurance",
        "criticality": "critical",
        "legal_basis": "健康保険法第164条・厚生年金保険法第83条",
        "effort_minutes": 45,
        "rrule": "FREQ=MONTHLY;BYMONTHDAY=-1",
        "business_day": None,
        "shift": "next",
        "lead_days": [5, 2, 0],
        "procedure": (
            "1. 日本年金機構の「保険料納入告知額・領収済額通知書」で前月分の保険料額を確認する\n"
            "2. 給与からの控除額（被保険者負担分）と会社負担分の合計と照合する（子ども・子育て拠出金を含む）\n"
            "3. 口座振替日（月末、休日の場合は翌営業日）の前営業日までに引落口座の残高を確保する\n"
            "4. 差額がある場合は資格取得・喪失の届出漏れを人事労務へ確認する"
        ),
        "owners": [("ito.kenta@example.co.jp", "primary", 4), ("sato.hanako@example.co.jp", "backup", 3)],
    },
    # -------------------------------------------------------------- 人事労務
    {
        "code": "HR-001",
        "title": "算定基礎届の提出",
        "department": "hr",
        "category": "social_insurance",
        "criticality": "critical",
        "legal_basis": "健康保険法第41条、健康保険法施行規則第25条、厚生年金保険法施行規則第18条",
        "effort_minutes": 1200,
        "rrule": "FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=10",
        "business_day": None,
        "shift": "next",
        "lead_days": [30, 14, 7, 1, 0],
        "procedure": (
            "1. 4月・5月・6月に支払った報酬と支払基礎日数（17日以上、特定適用事業所の短時間労働者は11日以上）を集計する\n"
            "2. 7月1日現在の被保険者について算定基礎届を作成する（6月1日以降の資格取得者・7〜9月の月額変更予定者は除く）\n"
            "3. e-Govの電子申請で提出する（資本金1億円超の法人は電子申請が義務）\n"
            "4. 決定通知書の受領後、9月分保険料（10月支給給与で控除）から給与担当が反映する"
        ),
        "owners": [("hayashi.yuichi@example.co.jp", "primary", 4), ("shimizu.aya@example.co.jp", "backup", 3)],
    },
    {
        "code": "HR-002",
        "title": "労働保険の年度更新",
        "department": "hr",
        "category": "social_insurance",
        "criticality": "critical",
        "legal_basis": "労働保険の保険料の徴収等に関する法律第15条・第19条",
        "effort_minutes": 720,
        "rrule": "FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=10",
        "business_day": None,
        "shift": "next",
        "lead_days": [30, 14, 7, 1, 0],
        "procedure": (
            "1. 前年4月〜当年3月の賃金総額を労災保険・雇用保険の別に集計する\n"
            "2. 確定保険料と当年度の概算保険料を計算し、申告書を作成する\n"
            "3. e-Govで申告し納付する（申告期間は6月1日〜7月10日）\n"
            "4. 概算保険料が40万円以上（労災・雇用の一方のみは20万円以上）なら3回の延納を選択する\n"
            "5. **一般拠出金（石綿健康被害救済）も併せて申告・納付すること**"
        ),
        "owners": [("kimura.keiko@example.co.jp", "primary", 4), ("hayashi.yuichi@example.co.jp", "backup", 2)],
    },
    {
        "code": "HR-003",
        "title": "月額変更届（随時改定）の確認・提出",
        "department": "hr",
        "category": "social_insurance",
        "criticality": "high",
        "legal_basis": "健康保険法第43条、厚生年金保険法第23条、健康保険法施行規則第26条",
        "effort_minutes": 120,
        "rrule": "FREQ=MONTHLY;BYMONTHDAY=10",
        "business_day": None,
        "shift": "previous",
        "lead_days": [3, 1, 0],
        "procedure": (
            "1. 固定的賃金（基本給・手当・単価）の変動があった社員を給与担当から受領する\n"
            "2. 変動月から3か月の報酬平均で2等級以上の差があり、各月の支払基礎日数が17日以上の者を抽出する\n"
            "3. 該当者の月額変更届をe-Govで速やかに提出する\n"
            "4. 改定後の標準報酬月額（変動月から4か月目に改定）を給与担当へ連携する"
        ),
        "owners": [("shimizu.aya@example.co.jp", "primary", 3), ("hayashi.yuichi@example.co.jp", "backup", 3)],
    },
    {
        "code": "HR-004",
        "title": "賞与支払届の提出",
        "department": "hr",
        "category": "social_insurance",
        "criticality": "high",
        "legal_basis": "健康保険法施行規則第27条、厚生年金保険法施行規則第19条の5",
        "effort_minutes": 180,
        "rrule": "FREQ=YEARLY;BYMONTH=7,12;BYMONTHDAY=15",
        "business_day": None,
        "shift": "next",
        "lead_days": [7, 3, 1, 0],
        "procedure": (
            "1. 賞与支給日（7月10日・12月10日）の支給データを給与担当から受領する\n"
            "2. 被保険者ごとの標準賞与額（1,000円未満切捨て）を確認し、賞与支払届を作成する\n"
            "3. **提出期限は支給日から5日以内。支給日が変わった年は期限日を修正すること**\n"
            "4. e-Govで電子申請し、受付通知を保存する\n"
            "5. 賞与を支給しなかった場合は「賞与不支給報告書」を提出する"
        ),
        "owners": [("shimizu.aya@example.co.jp", "primary", 3), ("yamaguchi.ryo@example.co.jp", "backup", 3)],
    },
    {
        "code": "HR-005",
        "title": "36協定の締結・届出",
        "department": "hr",
        "category": "labour",
        "criticality": "critical",
        "legal_basis": "労働基準法第36条",
        "effort_minutes": 480,
        "rrule": "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=31",
        "business_day": None,
        "shift": "previous",
        "lead_days": [45, 30, 14, 7, 1],
        "procedure": (
            "1. 過半数労働組合がないため、過半数代表者を投票等の民主的な手続で選出する\n"
            "2. 前年度の時間外・休日労働の実績を踏まえ、原則（月45時間・年360時間）の範囲で協定する\n"
            "3. 特別条項は年720時間以内・単月100時間未満（休日労働含む）・2〜6か月平均80時間以内・"
            "月45時間超は年6回までを守る\n"
            "4. e-Govで所轄労働基準監督署へ届け出る（本社一括届出も可）\n"
            "5. **起算日（4月1日）までに届出がないと時間外・休日労働をさせられない**"
        ),
        "owners": [("kimura.keiko@example.co.jp", "primary", 4), ("mori.chihiro@example.co.jp", "trainee", 1)],
    },
    {
        "code": "HR-006",
        "title": "定期健康診断の実施",
        "department": "hr",
        "category": "labour",
        "criticality": "high",
        "legal_basis": "労働安全衛生法第66条、労働安全衛生規則第44条",
        "effort_minutes": 1200,
        "rrule": "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=31",
        "business_day": None,
        "shift": "previous",
        "lead_days": [60, 30, 14, 7],
        "procedure": (
            "1. 健診機関と日程を調整し、対象者（常時使用する労働者）へ受診案内を送る\n"
            "2. 未受診者を毎週抽出し、上長経由で受診を督促する\n"
            "3. 有所見者について医師の意見を聴き、就業上の措置を検討する\n"
            "4. 健康診断個人票を5年間保存する"
        ),
        "owners": [("mori.chihiro@example.co.jp", "primary", 3), ("brown.emily@example.co.jp", "backup", 3)],
    },
    {
        "code": "HR-007",
        "title": "定期健康診断結果報告書の提出",
        "department": "hr",
        "category": "labour",
        "criticality": "high",
        "legal_basis": "労働安全衛生規則第52条",
        "effort_minutes": 90,
        "rrule": "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=30",
        "business_day": None,
        "shift": "previous",
        "lead_days": [14, 7, 1],
        "procedure": (
            "1. 健診機関から結果の集計表を受領する\n"
            "2. 定期健康診断結果報告書を作成し、産業医の氏名等を記載する\n"
            "3. e-Govの電子申請で所轄労働基準監督署へ提出する（電子申請が原則）\n"
            "4. 常時50人以上の事業場ごとに提出が必要（支店分も確認）"
        ),
        "owners": [("mori.chihiro@example.co.jp", "primary", 3), ("yamaguchi.ryo@example.co.jp", "backup", 3)],
    },
    {
        "code": "HR-008",
        "title": "ストレスチェックの実施・報告",
        "department": "hr",
        "category": "labour",
        "criticality": "high",
        "legal_basis": "労働安全衛生法第66条の10",
        "effort_minutes": 600,
        "rrule": "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=30",
        "business_day": None,
        "shift": "previous",
        "lead_days": [30, 14, 7, 1],
        "procedure": (
            "1. 実施者（産業医等）と実施時期・方法を確定する\n"
            "2. Webシステムで全従業員に実施し、受検率を管理する\n"
            "3. 高ストレス者に医師による面接指導の申出を勧奨する\n"
            "4. 集団分析の結果を衛生委員会へ報告する\n"
            "5. 検査結果等報告書をe-Govで所轄労働基準監督署へ提出する"
        ),
        "owners": [("brown.emily@example.co.jp", "primary", 3), ("mori.chihiro@example.co.jp", "backup", 3)],
    },
    {
        "code": "HR-009",
        "title": "入退社手続き（社会保険・雇用保険）の週次確認",
        "department": "hr",
        "category": "social_insurance",
        "criticality": "high",
        "legal_basis": "健康保険法第48条、健康保険法施行規則第24条・第29条、雇用保険法施行規則第6条・第7条",
        "effort_minutes": 180,
        "rrule": "FREQ=WEEKLY;BYDAY=MO",
        "business_day": None,
        "shift": "next",
        "lead_days": [0],
        "procedure": (
            "1. 今週の入社・退職（予定）者を人事システムから抽出する\n"
            "2. 入社者：健康保険・厚生年金の資格取得届（5日以内）、雇用保険の資格取得届（翌月10日まで）を提出する\n"
            "3. 退職者：資格喪失届（5日以内）、雇用保険の資格喪失届・離職証明書（10日以内）を提出する\n"
            "4. 扶養異動・マイナンバーの収集状況を確認し、給与担当へ連携する"
        ),
        "owners": [("yamaguchi.ryo@example.co.jp", "primary", 3), ("hayashi.yuichi@example.co.jp", "backup", 4)],
    },
    {
        "code": "HR-010",
        "title": "年次有給休暇（年5日取得義務）の取得状況確認",
        "department": "hr",
        "category": "labour",
        "criticality": "medium",
        "legal_basis": "労働基準法第39条第7項",
        "effort_minutes": 90,
        "rrule": "FREQ=MONTHLY;BYMONTHDAY=15",
        "business_day": None,
        "shift": "previous",
        "lead_days": [3, 0],
        "procedure": (
            "1. 年次有給休暇管理簿から、基準日から1年以内に5日の取得が見込めない社員を抽出する\n"
            "2. 本人と上長へ取得計画の提出を依頼する\n"
            "3. 期限まで3か月を切った社員は、本人の意見を聴いたうえで会社が時季指定する\n"
            "4. 管理簿を保存する（5年、経過措置で当分の間3年）"
        ),
        "owners": [("yamaguchi.ryo@example.co.jp", "primary", 3), ("brown.emily@example.co.jp", "backup", 3)],
    },
    {
        "code": "HR-011",
        "title": "障害者雇用状況報告・高年齢者雇用状況等報告",
        "department": "hr",
        "category": "labour",
        "criticality": "high",
        "legal_basis": "障害者の雇用の促進等に関する法律第43条第7項、高年齢者等の雇用の安定等に関する法律第52条第1項",
        "effort_minutes": 240,
        "rrule": "FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=15",
        "business_day": None,
        "shift": "next",
        "lead_days": [30, 14, 7, 1],
        "procedure": (
            "1. 6月1日現在の常用労働者数・障害者数・高年齢者の雇用状況を集計する\n"
            "2. 障害者雇用状況報告書（ロクイチ報告）を管轄のハローワークへ提出する\n"
            "3. 高年齢者雇用状況等報告書を併せて提出する（電子申請可）\n"
            "4. 法定雇用率（2024年4月〜2.5%、2026年7月〜2.7%）を下回る場合は採用計画を人事部長と協議する"
        ),
        "owners": [("shimizu.aya@example.co.jp", "primary", 3)],
    },
    {
        "code": "HR-012",
        "title": "衛生委員会の開催",
        "department": "hr",
        "category": "labour",
        "criticality": "medium",
        "legal_basis": "労働安全衛生法第18条、労働安全衛生規則第23条",
        "effort_minutes": 120,
        "rrule": "FREQ=MONTHLY;BYDAY=3WE",
        "business_day": None,
        "shift": "previous",
        "lead_days": [7, 1],
        "procedure": (
            "1. 議題（長時間労働者の状況、健診・ストレスチェックの実施状況、職場巡視の結果）を準備する\n"
            "2. 産業医・衛生管理者・労働者側委員が出席できる日程を確定する\n"
            "3. 委員会を開催し、議事録を作成する\n"
            "4. 議事の概要を社内ポータルで周知し、議事録を3年間保存する"
        ),
        "owners": [("mori.chihiro@example.co.jp", "primary", 3), ("kimura.keiko@example.co.jp", "backup", 3)],
    },
    {
        "code": "HR-013",
        "title": "就業規則の見直し・変更届",
        "department": "hr",
        "category": "labour",
        "criticality": "medium",
        "legal_basis": "労働基準法第89条・第90条・第106条",
        "effort_minutes": 960,
        "rrule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28",
        "business_day": None,
        "shift": "previous",
        "lead_days": [60, 30, 7],
        "procedure": (
            "1. 法改正（労働基準法・育児介護休業法等）の施行予定を確認する\n"
            "2. 改定案を作成し、顧問社労士の確認を受ける\n"
            "3. 過半数代表者の意見を聴き、意見書を作成する\n"
            "4. 所轄労働基準監督署へ変更届を提出し、4月1日の施行前に全社へ周知する"
        ),
        "owners": [("kimura.keiko@example.co.jp", "primary", 4), ("suzuki.ichiro@example.co.jp", "backup", 3)],
    },
    {
        "code": "HR-014",
        "title": "労働保険料の納付（延納 第2期・第3期）",
        "department": "hr",
        "category": "social_insurance",
        "criticality": "high",
        "legal_basis": "労働保険の保険料の徴収等に関する法律第18条",
        "effort_minutes": 30,
        "rrule": "FREQ=YEARLY;BYMONTH=1,10;BYMONTHDAY=31",
        "business_day": None,
        "shift": "next",
        "lead_days": [14, 3, 0],
        "procedure": (
            "1. 年度更新で延納を選択した場合の第2期（10月31日）・第3期（1月31日）の納付額を確認する\n"
            "2. 納付書で納付する（口座振替の場合は11月14日・2月14日に引落し）\n"
            "3. 領収証書の写しを経理へ回付する"
        ),
        "owners": [("hayashi.yuichi@example.co.jp", "primary", 3), ("kimura.keiko@example.co.jp", "backup", 3)],
    },
    {
        "code": "HR-015",
        "title": "労働者名簿等の法定帳簿の整備",
        "department": "hr",
        "category": "labour",
        "criticality": "medium",
        "legal_basis": "労働基準法第107条・第109条",
        "effort_minutes": 60,
        "rrule": "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1",
        "business_day": None,
        "shift": "previous",
        "lead_days": [7, 1],
        "procedure": (
            "1. 入退社・異動を労働者名簿に反映する\n"
            "2. 賃金台帳・出勤簿（勤怠記録）と併せて法定三帳簿の保存状況を確認する\n"
            "3. 退職者分の保存期限（5年、経過措置で当分の間3年）を管理し、期限到来分を廃棄リストへ回す"
        ),
        "owners": [("yamaguchi.ryo@example.co.jp", "primary", 3), ("brown.emily@example.co.jp", "backup", 3)],
    },
    # ------------------------------------------------------------------ 経理
    {
        "code": "ACC-001",
        "title": "月次決算",
        "department": "accounting",
        "category": "accounting",
        "criticality": "critical",
        "legal_basis": "会社法第432条",
        "effort_minutes": 960,
        "rrule": None,
        "business_day": 5,
        "shift": "none",
        "lead_days": [3, 1, 0],
        "procedure": (
            "1. 経費精算・請求書・支払の当月計上分が締まっていることを確認する\n"
            "2. 勘定奉行クラウドで前払費用・未払費用・減価償却費・賞与引当金を計上する\n"
            "3. 預金・売掛金・買掛金の残高を補助簿と照合する\n"
            "4. 月次試算表と部門別損益を作成し、経理課長の承認を受ける\n"
            "5. **経営会議に報告するため、遅れる場合は前日までに課長へ連絡する**"
        ),
        "owners": [("kato.mari@example.co.jp", "primary", 4), ("yoshida.daisuke@example.co.jp", "backup", 3),
                   ("tanaka.misaki@example.co.jp", "trainee", 2)],
    },
    {
        "code": "ACC-002",
        "title": "経費精算の締め",
        "department": "accounting",
        "category": "accounting",
        "criticality": "medium",
        "legal_basis": "",
        "effort_minutes": 240,
        "rrule": None,
        "business_day": 2,
        "shift": "none",
        "lead_days": [2, 0],
        "procedure": (
            "1. 経費精算システムで前月分の未申請・未承認を抽出し、申請者と承認者へ督促する\n"
            "2. 領収書の電子データと申請内容、適格請求書の登録番号を確認する\n"
            "3. 承認済みデータを勘定奉行クラウドへ連携し、精算金の振込予定を登録する"
        ),
        "owners": [("tanaka.misaki@example.co.jp", "primary", 3), ("matsumoto.ken@example.co.jp", "backup", 3)],
    },
    {
        "code": "ACC-003",
        "title": "請求書の発行",
        "department": "accounting",
        "category": "accounting",
        "criticality": "high",
        "legal_basis": "消費税法第57条の4",
        "effort_minutes": 300,
        "rrule": None,
        "business_day": 3,
        "shift": "none",
        "lead_days": [2, 0],
        "procedure": (
            "1. 販売管理システムで前月分の売上を確定する\n"
            "2. 適格請求書の記載事項（登録番号、税率ごとの対価の額と消費税額等）を確認する\n"
            "3. 請求書を発行し、電子送付または郵送する\n"
            "4. 発行控えを電子帳簿保存法の要件に従って保存する"
        ),
        "owners": [("yamada.sakura@example.co.jp", "primary", 3), ("tanaka.misaki@example.co.jp", "backup", 3)],
    },
    {
        "code": "ACC-004",
        "title": "支払処理（買掛金・未払金）",
        "department": "accounting",
        "category": "accounting",
        "criticality": "critical",
        "legal_basis": "",
        "effort_minutes": 240,
        "rrule": "FREQ=MONTHLY;BYMONTHDAY=-1",
        "business_day": None,
        "shift": "previous",
        "lead_days": [5, 2, 0],
        "procedure": (
            "1. 当月の支払予定表を作成し、請求書と発注書・検収記録を照合する\n"
            "2. 支払予定額について経理課長の承認を受ける\n"
            "3. インターネットバンキングで総合振込データを送信する（支払日の2営業日前まで）\n"
            "4. **取適法（旧下請法）の対象取引は受領日から60日以内の支払期日を厳守する**"
        ),
        "owners": [("sasaki.takuya@example.co.jp", "primary", 3), ("yamada.sakura@example.co.jp", "backup", 3)],
    },
    {
        "code": "ACC-005",
        "title": "売掛金の入金消込",
        "department": "accounting",
        "category": "accounting",
        "criticality": "medium",
        "legal_basis": "",
        "effort_minutes": 120,
        "rrule": "FREQ=WEEKLY;BYDAY=FR",
        "business_day": None,
        "shift": "previous",
        "lead_days": [0],
        "procedure": (
            "1. インターネットバンキングから今週の入金明細を取得する\n"
            "2. 請求データと照合し、勘定奉行クラウドで消込を行う\n"
            "3. 振込手数料の差引き・過不足入金は営業担当へ確認する\n"
            "4. 入金期日を過ぎた未入金先を一覧にし、営業部へ督促を依頼する"
        ),
        "owners": [("tanaka.misaki@example.co.jp", "primary", 3), ("yamada.sakura@example.co.jp", "backup", 3)],
    },
    {
        "code": "ACC-006",
        "title": "電子取引データの保存状況の確認（電子帳簿保存法）",
        "department": "accounting",
        "category": "accounting",
        "criticality": "medium",
        "legal_basis": "電子計算機を使用して作成する国税関係帳簿書類の保存方法等の特例に関する法律第7条",
        "effort_minutes": 90,
        "rrule": "FREQ=MONTHLY;BYMONTHDAY=20",
        "business_day": None,
        "shift": "previous",
        "lead_days": [3, 0],
        "procedure": (
            "1. 前月に電子で受領・送付した請求書・領収書等が文書管理システムに保存されているか確認する\n"
            "2. 取引年月日・取引金額・取引先で検索できることを確認する\n"
            "3. 改ざん防止措置（タイムスタンプ付与または訂正削除防止規程の運用）を確認する\n"
            "4. **電子取引データを紙に出力して保存するだけでは要件を満たさない**"
        ),
        "owners": [("matsumoto.ken@example.co.jp", "primary", 3), ("tanaka.misaki@example.co.jp", "backup", 3)],
    },
    {
        "code": "ACC-007",
        "title": "法人税等の確定申告・納付",
        "department": "accounting",
        "category": "tax",
        "criticality": "critical",
        "legal_basis": "法人税法第74条・第75条の2・第77条、地方税法第53条・第72条の25",
        "effort_minutes": 1440,
        "rrule": "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=31",
        "business_day": None,
        "shift": "next",
        "lead_days": [30, 14, 7, 1, 0],
        "procedure": (
            "1. 決算数値を基に顧問税理士と法人税・地方法人税・法人住民税・事業税の税額を確定する\n"
            "2. 当社は申告期限の延長の特例（1か月）を受けているため、"
            "**5月31日までに見込納付し、利子税の発生を防ぐ**\n"
            "3. 申告書は定時株主総会後、6月30日までにe-Tax（法人税・地方法人税）とeLTAX（法人住民税・事業税）で提出する\n"
            "4. 資本金1億円超の法人は電子申告が義務である点に留意する"
        ),
        "owners": [("kobayashi.naoki@example.co.jp", "primary", 4), ("yoshida.daisuke@example.co.jp", "backup", 2)],
    },
    {
        "code": "ACC-008",
        "title": "消費税の確定申告・納付",
        "department": "accounting",
        "category": "tax",
        "criticality": "critical",
        "legal_basis": "消費税法第45条・第49条",
        "effort_minutes": 960,
        "rrule": "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=31",
        "business_day": None,
        "shift": "next",
        "lead_days": [30, 14, 7, 1, 0],
        "procedure": (
            "1. 総勘定元帳で課税区分（課税・非課税・不課税・免税、軽減税率）の誤りを点検する\n"
            "2. 仕入税額控除の要件（帳簿と適格請求書の保存）を確認する\n"
            "3. 免税事業者等からの仕入に係る経過措置の控除割合と適用期間に注意する\n"
            "4. e-Taxで申告し、ダイレクト納付で納付する（地方消費税を含む）"
        ),
        "owners": [("yoshida.daisuke@example.co.jp", "primary", 4), ("kato.mari@example.co.jp", "backup", 3)],
    },
    {
        "code": "ACC-009",
        "title": "法人税等の中間申告・納付",
        "department": "accounting",
        "category": "tax",
        "criticality": "high",
        "legal_basis": "法人税法第71条・第72条・第76条",
        "effort_minutes": 480,
        "rrule": "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=30",
        "business_day": None,
        "shift": "next",
        "lead_days": [30, 14, 7, 1, 0],
        "procedure": (
            "1. 前事業年度の法人税額の6か月換算額が10万円を超えるため中間申告が必要\n"
            "2. 予定申告（前期実績×6/12）か仮決算による中間申告かを税理士と検討する\n"
            "3. e-Tax・eLTAXで申告し、法人住民税・事業税の中間分と併せて納付する"
        ),
        "owners": [("yoshida.daisuke@example.co.jp", "primary", 3), ("kobayashi.naoki@example.co.jp", "backup", 4)],
    },
    {
        "code": "ACC-010",
        "title": "消費税の中間申告・納付（年3回）",
        "department": "accounting",
        "category": "tax",
        "criticality": "high",
        "legal_basis": "消費税法第42条第4項・第48条",
        "effort_minutes": 90,
        "rrule": "FREQ=YEARLY;BYMONTH=2,8,11;BYMONTHDAY=-1",
        "business_day": None,
        "shift": "next",
        "lead_days": [14, 7, 1, 0],
        "procedure": (
            "1. 前期の消費税額（国税分）が400万円超4,800万円以下のため、年3回の中間申告を行う\n"
            "2. 税務署から届く中間申告書の税額（前期実績の3/12）を確認する\n"
            "3. e-Taxで申告し、ダイレクト納付する（期限は各四半期末の翌々月末）"
        ),
        "owners": [("sasaki.takuya@example.co.jp", "primary", 3), ("matsumoto.ken@example.co.jp", "trainee", 1)],
    },
    {
        "code": "ACC-011",
        "title": "償却資産申告",
        "department": "accounting",
        "category": "tax",
        "criticality": "high",
        "legal_basis": "地方税法第383条",
        "effort_minutes": 360,
        "rrule": "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31",
        "business_day": None,
        "shift": "next",
        "lead_days": [30, 14, 7, 1],
        "procedure": (
            "1. 1月1日現在所有する償却資産（器具備品、建物附属設備の一部等）を固定資産台帳から抽出する\n"
            "2. 前年中の増加・減少資産を資産所在地の市区町村ごとに集計する\n"
            "3. eLTAXで償却資産申告書を提出する\n"
            "4. **10万円未満で損金算入した資産と一括償却資産は対象外だが、"
            "少額減価償却資産の特例（30万円未満）を適用した資産は申告対象**"
        ),
        "owners": [("yamada.sakura@example.co.jp", "primary", 3)],
    },
    {
        "code": "ACC-012",
        "title": "法定調書合計表の提出",
        "department": "accounting",
        "category": "tax",
        "criticality": "high",
        "legal_basis": "所得税法第225条・第226条",
        "effort_minutes": 600,
        "rrule": "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31",
        "business_day": None,
        "shift": "next",
        "lead_days": [30, 14, 7, 1],
        "procedure": (
            "1. 給与担当から源泉徴収票（税務署提出分）のデータを受領する\n"
            "2. 報酬・料金等、不動産の使用料等、不動産等の譲受けの対価等の支払調書を作成する\n"
            "3. 給与所得の源泉徴収票等の法定調書合計表を作成する\n"
            "4. e-Taxで提出する（基準年の提出枚数が100枚以上の種類は電子提出が義務）"
        ),
        "owners": [("kato.mari@example.co.jp", "primary", 3), ("sasaki.takuya@example.co.jp", "backup", 3)],
    },
    {
        "code": "ACC-013",
        "title": "固定資産台帳の更新",
        "department": "accounting",
        "category": "accounting",
        "criticality": "medium",
        "legal_basis": "",
        "effort_minutes": 90,
        "rrule": None,
        "business_day": 4,
        "shift": "none",
        "lead_days": [1, 0],
        "procedure": (
            "1. 前月の取得・除却・売却資産を稟議と請求書から抽出する\n"
            "2. 資本的支出と修繕費の区分、少額資産の判定を行う\n"
            "3. 勘定奉行クラウドの固定資産台帳に登録し、減価償却費を計上する"
        ),
        "owners": [("yamada.sakura@example.co.jp", "primary", 3), ("sasaki.takuya@example.co.jp", "backup", 3)],
    },
    {
        "code": "ACC-014",
        "title": "年次決算・計算書類の作成",
        "department": "accounting",
        "category": "accounting",
        "criticality": "critical",
        "legal_basis": "会社法第435条・第436条",
        "effort_minutes": 2400,
        "rrule": "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=25",
        "business_day": None,
        "shift": "previous",
        "lead_days": [30, 14, 7, 1],
        "procedure": (
            "1. 決算スケジュールを各部署へ通知し、期末棚卸と残高確認状を回収する\n"
            "2. 引当金・税効果・減損の兆候を検討する\n"
            "3. 計算書類（貸借対照表・損益計算書・株主資本等変動計算書・個別注記表）と附属明細書を作成する\n"
            "4. 監査役の監査を受け、取締役会へ上程する"
        ),
        "owners": [("kato.mari@example.co.jp", "primary", 4), ("kobayashi.naoki@example.co.jp", "backup", 4)],
    },
    {
        "code": "ACC-015",
        "title": "預金残高の照合",
        "department": "accounting",
        "category": "accounting",
        "criticality": "medium",
        "legal_basis": "",
        "effort_minutes": 60,
        "rrule": None,
        "business_day": 1,
        "shift": "none",
        "lead_days": [0],
        "procedure": (
            "1. 全口座の前月末残高をインターネットバンキング（または残高証明書）で取得する\n"
            "2. 勘定奉行クラウドの預金残高と照合し、差異を調整する\n"
            "3. 照合表を作成し、経理課長の承認を受ける"
        ),
        "owners": [("matsumoto.ken@example.co.jp", "primary", 3), ("tanaka.misaki@example.co.jp", "backup", 3)],
    },
    {
        "code": "ACC-016",
        "title": "小口現金の実査・締め",
        "department": "accounting",
        "category": "accounting",
        "criticality": "low",
        "legal_basis": "",
        "effort_minutes": 30,
        "rrule": None,
        "business_day": -1,
        "shift": "none",
        "lead_days": [0],
        "procedure": (
            "1. 金庫の現金を実査し、小口現金出納帳と照合する\n"
            "2. 差異があれば原因を調べ、経理課長へ報告する\n"
            "3. 翌月分の補充額を申請する"
        ),
        "owners": [("tanaka.misaki@example.co.jp", "primary", 3), ("matsumoto.ken@example.co.jp", "backup", 3)],
    },
    {
        "code": "ACC-017",
        "title": "取引先の適格請求書発行事業者登録の確認",
        "department": "accounting",
        "category": "tax",
        "criticality": "medium",
        "legal_basis": "消費税法第30条第7項",
        "effort_minutes": 120,
        "rrule": "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=15",
        "business_day": None,
        "shift": "previous",
        "lead_days": [7, 1],
        "procedure": (
            "1. 取引先マスタの登録番号を国税庁「適格請求書発行事業者公表サイト」のWeb-APIで照合する\n"
            "2. 登録の取消・失効があった取引先を抽出し、購買担当へ連絡する\n"
            "3. 取引先マスタの課税区分を更新する"
        ),
        "owners": [("sasaki.takuya@example.co.jp", "primary", 3), ("yoshida.daisuke@example.co.jp", "backup", 3)],
    },
    # ------------------------------------------------------------------ 総務
    {
        "code": "GEN-001",
        "title": "社内規程の見直し",
        "department": "general",
        "category": "general_affairs",
        "criticality": "medium",
        "legal_basis": "",
        "effort_minutes": 720,
        "rrule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=15",
        "business_day": None,
        "shift": "previous",
        "lead_days": [30, 14, 7],
        "procedure": (
            "1. 規程管理台帳から今年度の見直し対象の規程を抽出する\n"
            "2. 法改正・組織変更の影響を各主管部署に確認する\n"
            "3. 改定案を経営会議（取締役会決議事項は取締役会）に付議する\n"
            "4. 改定後の規程を社内ポータルに掲載し、全社へ周知する"
        ),
        "owners": [("ikeda.hiroshi@example.co.jp", "primary", 4), ("hashimoto.yuko@example.co.jp", "backup", 3)],
    },
    {
        "code": "GEN-002",
        "title": "備品の棚卸",
        "department": "general",
        "category": "general_affairs",
        "criticality": "low",
        "legal_basis": "",
        "effort_minutes": 480,
        "rrule": "FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=20",
        "business_day": None,
        "shift": "previous",
        "lead_days": [14, 3],
        "procedure": (
            "1. 備品台帳を出力し、各部署に棚卸表を配付する\n"
            "2. PC・モニター・什器等の現物を確認し、所在不明品を報告してもらう\n"
            "3. 台帳と実数の差異を調整し、除却対象を経理へ連絡する"
        ),
        "owners": [("abe.kazuya@example.co.jp", "primary", 3), ("maeda.yosuke@example.co.jp", "backup", 3)],
    },
    {
        "code": "GEN-003",
        "title": "契約書の更新管理",
        "department": "general",
        "category": "general_affairs",
        "criticality": "medium",
        "legal_basis": "",
        "effort_minutes": 120,
        "rrule": None,
        "business_day": 1,
        "shift": "none",
        "lead_days": [1, 0],
        "procedure": (
            "1. 契約管理台帳から90日以内に満了・解約通知期限を迎える契約を抽出する\n"
            "2. 主管部署へ更新可否の確認を依頼する\n"
            "3. 更新・解約の結果を台帳に反映し、電子契約の原本を保存する\n"
            "4. **自動更新契約の解約通知期限（多くは満了の3か月前）を見落とさないこと**"
        ),
        "owners": [("hashimoto.yuko@example.co.jp", "primary", 3), ("ishikawa.nana@example.co.jp", "backup", 3)],
    },
    {
        "code": "GEN-004",
        "title": "定時株主総会の準備（招集通知発送）",
        "department": "general",
        "category": "general_affairs",
        "criticality": "high",
        "legal_basis": "会社法第296条・第298条・第299条",
        "effort_minutes": 1800,
        "rrule": "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=10",
        "business_day": None,
        "shift": "previous",
        "lead_days": [45, 30, 14, 7, 1],
        "procedure": (
            "1. 取締役会で招集（日時・場所・議案）を決定する\n"
            "2. 招集通知・事業報告・計算書類を作成し、監査報告を添付する\n"
            "3. 招集通知を発送する（非公開会社は総会日の1週間前、書面投票を採用する場合は2週間前まで）\n"
            "4. 想定問答・会場・受付を準備し、総会後に議事録を作成する"
        ),
        "owners": [("ikeda.hiroshi@example.co.jp", "primary", 4), ("hashimoto.yuko@example.co.jp", "backup", 2)],
    },
    {
        "code": "GEN-005",
        "title": "決算公告・役員変更登記",
        "department": "general",
        "category": "general_affairs",
        "criticality": "high",
        "legal_basis": "会社法第440条・第915条",
        "effort_minutes": 300,
        "rrule": "FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=10",
        "business_day": None,
        "shift": "previous",
        "lead_days": [14, 7, 1],
        "procedure": (
            "1. 定時株主総会の議事録を確定する\n"
            "2. 役員の選任・重任があれば総会後2週間以内に法務局へ変更登記を申請する\n"
            "3. 貸借対照表（またはその要旨）を官報または電子公告で公告する\n"
            "4. 登記事項証明書を取得し、関係部署と共有する"
        ),
        "owners": [("ikeda.hiroshi@example.co.jp", "primary", 4)],
    },
    {
        "code": "GEN-006",
        "title": "防災訓練の実施",
        "department": "general",
        "category": "general_affairs",
        "criticality": "medium",
        "legal_basis": "消防法第8条",
        "effort_minutes": 480,
        "rrule": "FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=1",
        "business_day": None,
        "shift": "next",
        "lead_days": [30, 7, 1],
        "procedure": (
            "1. 消防計画に基づき訓練計画（避難・通報・初期消火）を作成する\n"
            "2. ビル管理会社と所轄消防署へ事前に連絡する\n"
            "3. 訓練を実施し、安否確認システムの応答率を記録する\n"
            "4. 実施結果と改善事項を衛生委員会と全社へ報告する"
        ),
        "owners": [("maeda.yosuke@example.co.jp", "primary", 3), ("abe.kazuya@example.co.jp", "backup", 3)],
    },
    {
        "code": "GEN-007",
        "title": "アルコールチェック記録の確認",
        "department": "general",
        "category": "general_affairs",
        "criticality": "medium",
        "legal_basis": "道路交通法施行規則第9条の10",
        "effort_minutes": 60,
        "rrule": None,
        "business_day": -2,
        "shift": "none",
        "lead_days": [1, 0],
        "procedure": (
            "1. 社用車を運転した社員の運転前後のアルコールチェック記録を確認する\n"
            "2. アルコール検知器の作動確認と記録漏れの有無を点検する\n"
            "3. 記録を1年間保存する\n"
            "4. **記録漏れがあれば安全運転管理者から本人と上長へ指導する**"
        ),
        "owners": [("abe.kazuya@example.co.jp", "primary", 3), ("maeda.yosuke@example.co.jp", "trainee", 1)],
    },
    {
        "code": "GEN-008",
        "title": "文書の保存期間管理・廃棄",
        "department": "general",
        "category": "general_affairs",
        "criticality": "low",
        "legal_basis": "会社法第432条第2項、法人税法施行規則第59条",
        "effort_minutes": 240,
        "rrule": "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=31",
        "business_day": None,
        "shift": "previous",
        "lead_days": [14, 3],
        "procedure": (
            "1. 文書保存台帳から保存期間の満了した文書を抽出する"
            "（会計帳簿は10年、税務関係書類は7年、欠損金が生じた年度は10年）\n"
            "2. 主管部署へ廃棄可否を確認する\n"
            "3. 溶解処理業者に委託し、廃棄証明書を保管する"
        ),
        "owners": [("ishikawa.nana@example.co.jp", "primary", 3), ("hashimoto.yuko@example.co.jp", "backup", 3)],
    },
    {
        "code": "GEN-009",
        "title": "損害保険の更新",
        "department": "general",
        "category": "general_affairs",
        "criticality": "medium",
        "legal_basis": "",
        "effort_minutes": 180,
        "rrule": "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15",
        "business_day": None,
        "shift": "previous",
        "lead_days": [30, 14, 3],
        "procedure": (
            "1. 火災保険・賠償責任保険・社用車の任意保険の満期を確認する\n"
            "2. 代理店から更新見積を取り、補償内容を比較する\n"
            "3. 稟議の承認後に更新手続きを行い、保険証券を保管する"
        ),
        "owners": [("hashimoto.yuko@example.co.jp", "primary", 3), ("kobayashi.naoki@example.co.jp", "backup", 3)],
    },
    {
        "code": "GEN-010",
        "title": "個人情報・マイナンバーの管理状況点検",
        "department": "general",
        "category": "general_affairs",
        "criticality": "medium",
        "legal_basis": "個人情報の保護に関する法律第23条、行政手続における特定の個人を識別するための番号の利用等に関する法律第12条",
        "effort_minutes": 240,
        "rrule": "FREQ=YEARLY;BYMONTH=4,10;BYMONTHDAY=30",
        "business_day": None,
        "shift": "previous",
        "lead_days": [14, 3],
        "procedure": (
            "1. 個人番号の取扱区域とアクセス権限者の一覧を確認する\n"
            "2. 保存期間を過ぎた個人番号（退職者等）を削除・廃棄し、記録を残す\n"
            "3. 委託先（給与システム・顧問社労士）の安全管理措置を確認する\n"
            "4. 点検結果を個人情報保護管理者へ報告する"
        ),
        "owners": [("takahashi.makoto@example.co.jp", "primary", 4), ("ikeda.hiroshi@example.co.jp", "backup", 3)],
    },
    {
        "code": "GEN-011",
        "title": "取締役会の開催準備（四半期）",
        "department": "general",
        "category": "general_affairs",
        "criticality": "medium",
        "legal_basis": "会社法第363条第2項・第368条・第369条",
        "effort_minutes": 240,
        "rrule": "FREQ=YEARLY;BYMONTH=2,5,8,11;BYMONTHDAY=15",
        "business_day": None,
        "shift": "previous",
        "lead_days": [14, 7, 1],
        "procedure": (
            "1. 議題と報告事項を各担当役員から集める\n"
            "2. 招集通知を開催日の1週間前までに発送する（定款で短縮している場合はその期間）\n"
            "3. 資料を作成し、開催後に議事録を作成して出席役員の署名（電子署名）を得る\n"
            "4. 代表取締役・業務執行取締役の職務執行状況報告（3か月に1回以上）の漏れがないか確認する"
        ),
        "owners": [("ikeda.hiroshi@example.co.jp", "primary", 4), ("takahashi.makoto@example.co.jp", "backup", 3)],
    },
    {
        "code": "GEN-012",
        "title": "社用車の車検・点検期限の確認",
        "department": "general",
        "category": "general_affairs",
        "criticality": "low",
        "legal_basis": "道路運送車両法第48条・第62条",
        "effort_minutes": 30,
        "rrule": "FREQ=MONTHLY;BYMONTHDAY=5",
        "business_day": None,
        "shift": "previous",
        "lead_days": [1, 0],
        "procedure": (
            "1. 社用車管理台帳で車検満了日・法定点検日・自賠責保険の満期を確認する\n"
            "2. 60日以内に期限が来る車両の入庫を予約する\n"
            "3. 完了後、電子車検証の情報を台帳へ反映する"
        ),
        "owners": [("maeda.yosuke@example.co.jp", "primary", 3), ("abe.kazuya@example.co.jp", "backup", 3)],
    },
]

# Year-end closing work piles up in March (3月決算): the demo's accounting
# department runs over capacity that month.
TASKS += [
    {
        "code": "ACC-018",
        "title": "決算整理仕訳・期末残高の確定",
        "department": "accounting",
        "category": "accounting",
        "criticality": "critical",
        "legal_basis": "会社法第432条第1項",
        "effort_minutes": 1800,
        "rrule": "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=31",
        "business_day": None,
        "shift": "previous",
        "lead_days": [14, 7, 1],
        "procedure": "1. 未払費用・前払費用・未収収益を計上する\n2. 減価償却費を確定し固定資産台帳と照合する\n3. 引当金を見積もる\n4. **期末残高を確定し、監査法人への提出資料をまとめる**",
        "owners": [("kato.mari@example.co.jp", "primary", 4),
                   ("kobayashi.naoki@example.co.jp", "backup", 3)],
    },
    {
        "code": "ACC-019",
        "title": "期末実地棚卸・残高確認状の回収",
        "department": "accounting",
        "category": "accounting",
        "criticality": "high",
        "legal_basis": "",
        "effort_minutes": 1500,
        "rrule": "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=25",
        "business_day": None,
        "shift": "previous",
        "lead_days": [14, 7, 1],
        "procedure": "1. 棚卸要領を各拠点へ配布する\n2. 実地棚卸に立ち会い、差異を調査する\n3. 取引先へ残高確認状を送付し、回収・照合する",
        "owners": [("tanaka.misaki@example.co.jp", "primary", 3),
                   ("yoshida.daisuke@example.co.jp", "backup", 3)],
    },
]
