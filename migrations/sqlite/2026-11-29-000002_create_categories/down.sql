DROP TABLE category_translations;
DROP TABLE categories;
