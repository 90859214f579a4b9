DROP INDEX articles_by_publication;
