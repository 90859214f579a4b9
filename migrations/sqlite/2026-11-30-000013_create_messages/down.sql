DROP TABLE messages;
DROP TABLE message_keys;
