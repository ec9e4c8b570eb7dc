package i18n

var privacyMessages = map[string]Message{}
