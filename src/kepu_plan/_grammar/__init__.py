"""The grammar of an allocation table's text, in one place: what the model validates, the layout
parses and formats, and the writers measure.

Nothing here imports the rest of kepu_plan but :mod:`kepu_plan.errors` and :mod:`kepu_plan._i18n`;
the model and the layout both import from here.
"""
