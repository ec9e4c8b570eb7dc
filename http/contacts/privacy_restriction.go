package contacts
