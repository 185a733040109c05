# English pages write dates by the same rule as Vietnamese ones (15/7/2023):
# one rule, stated once, in the Vietnamese module.
from steerco.lib.formats.vi.formats import (  # noqa: F401
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
)
