"""Chinese numerals: moved to :mod:`kepu_plan._grammar.numerals`; re-exported here for the modules
that still import them from this place."""

from kepu_plan._grammar.numerals import CHINESE_NUMERAL_CHARS, parse_chinese, parse_number, to_chinese

__all__ = ["CHINESE_NUMERAL_CHARS", "parse_chinese", "parse_number", "to_chinese"]
