pac --bogus
