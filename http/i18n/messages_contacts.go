package i18n

// contactMessages are the contact pages: list, search, form and detail.
var contactMessages = map[string]Message{}
