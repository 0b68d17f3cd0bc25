pac --instance mars
