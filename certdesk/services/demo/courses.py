"""Who teaches each demo certification, and how long a demo course runs."""

PROVIDERS = {
    "CCCM": "The Call Center School",
    "SWMP": "HDI",
    "QAMC": "ICMI Training",
    "CCCS": "The Call Center School",
}
CLASS_WEEKS_PLANNED = 4  # a course planned as four weekly class days
