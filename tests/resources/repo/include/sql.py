ORDERS_SQL = "select * from orders where ds = '{{ ds }}'"
