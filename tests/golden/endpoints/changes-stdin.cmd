endpoints changes -
