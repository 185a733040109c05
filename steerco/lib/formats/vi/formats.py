# Django's own date formats, for what Django writes itself (the admin, a form
# field's value). Our pages, messages, exports and documents write dates with
# steerco.lib.numbers.fmt_day (the template filters `day` and `moment`), the
# Party's rule: 15/7/2023, 06/7/2022, 03/02/2025 (the day with two digits
# below 10, the month with two for January and February only). Django's
# format strings cannot pad some months only: "d/n/Y" is the same rule for
# March to December. Never Django's 15-07-2023 (vi) or 07/15/2023 (en).
SHORT_DATE_FORMAT = "d/n/Y"
SHORT_DATETIME_FORMAT = "d/n/Y H:i"
# What a person types: day first, with or without the leading zeros
# (15/07/2023, 15/7/2023), or ISO (2023-07-15, as <input type=date> sends it).
# Never the month first: Django's default would read 05/07/2023 as 7 May.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y",
    "%Y-%m-%d",
]
