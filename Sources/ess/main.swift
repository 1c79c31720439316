import ESSCLI

await ESSMain.main()
