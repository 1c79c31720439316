import ESSCLI
ESSMain.main()
