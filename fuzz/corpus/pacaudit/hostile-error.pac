function FindProxyForURL(u,h){throw {get message(){for(;;){}}, toString: function(){for(;;){}}};}
