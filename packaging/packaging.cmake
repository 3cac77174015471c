# Debian packages (docs/operations.md): `cpack -G DEB` in the build folder makes
#   safekiosk        the kiosk program, its media (demo pack, demo photos), the systemd unit running it under cage on
#                    tty1, its PAM file; postinst makes the user safekiosk and /var/lib/safekiosk (0700)
#   safekiosk-admin  the administration program (command line and desktop window), the exam centre collector's
#                    systemd unit (a template: the instance is the account it runs as)
# Library dependencies come from dpkg-shlibdeps (Debian's package names); the others are named below.
set(SAFEKIOSK_PACKAGE_MAINTAINER "SafeKiosk maintainers <safekiosk@example.org>" CACHE STRING
    "Maintainer field of the Debian packages (set it to the team that builds them)")
set(SAFEKIOSK_DEB_SOURCE safekiosk)
set(SAFEKIOSK_DEB_REVISION 1)
set(SAFEKIOSK_DEB_VERSION "${PROJECT_VERSION}-${SAFEKIOSK_DEB_REVISION}")

install(TARGETS safekiosk RUNTIME DESTINATION bin COMPONENT kiosk)
install(DIRECTORY ${SAFEKIOSK_ROOT}/media/ DESTINATION share/safekiosk/media COMPONENT kiosk)
install(FILES ${SAFEKIOSK_ROOT}/packaging/systemd/safekiosk.service DESTINATION /lib/systemd/system COMPONENT kiosk)
install(FILES ${SAFEKIOSK_ROOT}/packaging/pam/safekiosk DESTINATION /etc/pam.d COMPONENT kiosk)
install(TARGETS safekiosk-admin RUNTIME DESTINATION bin COMPONENT admin)
install(FILES ${SAFEKIOSK_ROOT}/packaging/systemd/safekiosk-centre-collect@.service DESTINATION /lib/systemd/system
        COMPONENT admin)

# /usr/share/doc/<package>: copyright, the Debian changelog (gzip -9n: reproducible), the operations guide.
configure_file(${SAFEKIOSK_ROOT}/packaging/debian/changelog.in ${CMAKE_BINARY_DIR}/packaging/changelog.Debian @ONLY)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/packaging/changelog.Debian.gz
  COMMAND gzip -9n -c ${CMAKE_BINARY_DIR}/packaging/changelog.Debian > ${CMAKE_BINARY_DIR}/packaging/changelog.Debian.gz
  DEPENDS ${CMAKE_BINARY_DIR}/packaging/changelog.Debian)
add_custom_target(safekiosk_deb_changelog ALL DEPENDS ${CMAKE_BINARY_DIR}/packaging/changelog.Debian.gz)
foreach(component kiosk admin)
  if(component STREQUAL kiosk)
    set(package safekiosk)
  else()
    set(package safekiosk-admin)
  endif()
  install(FILES ${SAFEKIOSK_ROOT}/packaging/debian/copyright ${CMAKE_BINARY_DIR}/packaging/changelog.Debian.gz
          DESTINATION share/doc/${package} COMPONENT ${component})
  install(FILES ${SAFEKIOSK_ROOT}/docs/operations.md DESTINATION share/doc/${package} COMPONENT ${component})
endforeach()
install(FILES ${SAFEKIOSK_ROOT}/docs/exam-centre.md DESTINATION share/doc/safekiosk-admin COMPONENT admin)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME safekiosk)
set(CPACK_PACKAGE_VENDOR "SafeKiosk")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL kiosk admin)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${SAFEKIOSK_DEB_REVISION})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SAFEKIOSK_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME safekiosk)
set(CPACK_DEBIAN_KIOSK_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS "cage, fonts-wqy-microhei, espeak-ng-data, adduser, init-system-helpers (>= 1.54~)")
set(CPACK_DEBIAN_KIOSK_PACKAGE_RECOMMENDS "safekiosk-admin")
# Description lines without a leading space (CPack adds one), at most 80 characters.
set(CPACK_COMPONENT_KIOSK_DESCRIPTION "work-safety exam and exhibit kiosk
SafeKiosk runs the touch kiosks of a city's work-safety administration:
sealed computer-based exams, training, and the warning-education exhibit of
accident cases for walk-up visitors.
.
This package holds the kiosk program, its demo media, and a systemd unit
that starts it at boot full screen under cage on tty1 as the system user
safekiosk, restarts it within seconds after a crash and watches it with a
watchdog.")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
  "${SAFEKIOSK_ROOT}/packaging/debian/safekiosk/postinst;${SAFEKIOSK_ROOT}/packaging/debian/safekiosk/prerm;${SAFEKIOSK_ROOT}/packaging/debian/safekiosk/postrm;${SAFEKIOSK_ROOT}/packaging/debian/safekiosk/conffiles")

set(CPACK_DEBIAN_ADMIN_PACKAGE_NAME safekiosk-admin)
set(CPACK_DEBIAN_ADMIN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_ADMIN_PACKAGE_DEPENDS "fonts-wqy-microhei")
set(CPACK_DEBIAN_ADMIN_PACKAGE_RECOMMENDS "postgresql-client-15, safekiosk")
set(CPACK_DEBIAN_ADMIN_PACKAGE_SUGGESTS "cups, postgresql-15")
set(CPACK_COMPONENT_ADMIN_DESCRIPTION "administration of SafeKiosk exam kiosks
safekiosk-admin administers a SafeKiosk installation (an SQLite file or a
centre's PostgreSQL database) from the command line or a desktop window:
question banks, candidates, sessions, results, certificates, the audit log,
backups and restores, and a doctor that says what is wrong with an
installation and how to mend it.")

include(CPack)
