from fiscalwatch.cli import main

main()
