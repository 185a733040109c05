# Dates on every page in one numeric format, 15/07/2023 (day/month/year, as
# the reports and messages write them), never Django's 15-07-2023 for
# Vietnamese or 07/15/2023 for English; a time after the date: 15/07/2023 08:30.
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
