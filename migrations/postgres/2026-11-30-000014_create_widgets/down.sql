DROP TABLE widgets;
DELETE FROM audit_log WHERE resource = 'widget';
ALTER TABLE audit_log DROP CONSTRAINT audit_log_resource_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_resource_check CHECK (resource IN (
    'article', 'translation', 'category', 'locale', 'spelling', 'message', 'message_key'
));
