DROP TABLE locale_fallbacks;
DROP TABLE locales;
