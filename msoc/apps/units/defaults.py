"""The ministry's reporting units in the report's fixed order."""

DEFAULT_UNITS: list[tuple[str, str]] = [
    ("สป.", "สำนักงานปลัดกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์"),
    ("พส.", "กรมพัฒนาสังคมและสวัสดิการ"),
    ("สค.", "กรมกิจการสตรีและสถาบันครอบครัว"),
    ("ดย.", "กรมกิจการเด็กและเยาวชน"),
    ("พก.", "กรมส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการ"),
    ("ผส.", "กรมกิจการผู้สูงอายุ"),
    ("พอช.", "สถาบันพัฒนาองค์กรชุมชน"),
    ("กคช.", "การเคหะแห่งชาติ"),
]

# What each unit sends by default and by when (Bangkok time); admins change it in the admin.
# Every unit sends its activities; สป. (the 1300 centre and ศปก.พม. itself) the hotline figures
# and the situation inputs that are not fetched automatically.
DEFAULT_DEADLINE = "08:30"
DEFAULT_DUTIES: list[tuple[str, str, str, str]] = [
    *[(code, "activities", "", DEFAULT_DEADLINE) for code, _name in DEFAULT_UNITS],
    ("สป.", "hotline", "", "08:00"),
    ("สป.", "situation", "manual", "08:00"),
]
