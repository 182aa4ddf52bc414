// placeholder: replaced by the search client
